// The data-plane APIs AWS documents as CloudTrail data events, per event source: the last
// fallback of the category rules, for records that carry neither eventCategory nor
// managementEvent (eventVersion < 1.06, or fields stripped by a shipper).
// Data only; no I/O. Not exhaustive: an API missing here falls to the `default` rule.
//
// Sources (checked 2026-11):
//  - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
//  - https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
//  - the per-service "Logging ... using AWS CloudTrail" pages named on each entry.
// Deliberately absent: Secrets Manager GetSecretValue (a management event: CloudTrail writes
// eventCategory Management on it), Bedrock InvokeModel (likewise), KMS cryptographic calls
// (management events that trails may exclude, not data events).

/** One data-event source: the eventNames logged as data events and the selector resource type. */
export interface DataApiSource {
  /** eventName values CloudTrail logs as data events for this eventSource. */
  readonly eventNames: ReadonlySet<string>;
  /**
   * The `resources.type` an advanced event selector uses to log these events; absent when it
   * depends on the API (the record's own resources[].type then says).
   */
  readonly selectorType?: string;
  /** Where AWS documents it. */
  readonly doc: string;
}

/** S3 object-level operations (general purpose buckets, Outposts, Object Lambda access points). */
const S3_OBJECT_APIS: readonly string[] = [
  "AbortMultipartUpload",
  "CompleteMultipartUpload",
  "CopyObject",
  "CreateMultipartUpload",
  "DeleteObject",
  "DeleteObjects",
  "DeleteObjectTagging",
  "GetObject",
  "GetObjectAcl",
  "GetObjectAttributes",
  "GetObjectLegalHold",
  "GetObjectRetention",
  "GetObjectTagging",
  "GetObjectTorrent",
  "HeadObject",
  "ListParts",
  "PostObject",
  "PutObject",
  "PutObjectAcl",
  "PutObjectLegalHold",
  "PutObjectRetention",
  "PutObjectTagging",
  "RestoreObject",
  "SelectObjectContent",
  "UploadPart",
  "UploadPartCopy",
];

/**
 * Bucket-level calls that S3 logs as data events when the trail selects the bucket's objects
 * (ListObjects covers ListObjectsV2 in CloudTrail records).
 */
const S3_BUCKET_DATA_APIS: readonly string[] = ["ListObjects", "ListObjectVersions", "HeadBucket"];

const S3_DOC = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html";

/** Data-event APIs per eventSource. */
export const DATA_APIS: ReadonlyMap<string, DataApiSource> = new Map<string, DataApiSource>([
  [
    "s3.amazonaws.com",
    { eventNames: new Set([...S3_OBJECT_APIS, ...S3_BUCKET_DATA_APIS]), selectorType: "AWS::S3::Object", doc: S3_DOC },
  ],
  [
    "s3-outposts.amazonaws.com",
    { eventNames: new Set([...S3_OBJECT_APIS, ...S3_BUCKET_DATA_APIS]), selectorType: "AWS::S3Outposts::Object", doc: S3_DOC },
  ],
  [
    "s3-object-lambda.amazonaws.com",
    {
      eventNames: new Set([...S3_OBJECT_APIS, "WriteGetObjectResponse"]),
      selectorType: "AWS::S3ObjectLambda::AccessPoint",
      doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-logging-cloudtrail.html",
    },
  ],
  [
    "lambda.amazonaws.com",
    {
      eventNames: new Set(["Invoke"]),
      selectorType: "AWS::Lambda::Function",
      doc: "https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html",
    },
  ],
  [
    "dynamodb.amazonaws.com",
    {
      eventNames: new Set([
        "BatchExecuteStatement",
        "BatchGetItem",
        "BatchWriteItem",
        "DeleteItem",
        "ExecuteStatement",
        "ExecuteTransaction",
        "GetItem",
        "PutItem",
        "Query",
        "Scan",
        "TransactGetItems",
        "TransactWriteItems",
        "UpdateItem",
        // DynamoDB Streams (resources.type AWS::DynamoDB::Stream); DescribeStream and
        // ListStreams stay management events.
        "GetRecords",
        "GetShardIterator",
      ]),
      selectorType: "AWS::DynamoDB::Table",
      doc: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html",
    },
  ],
  [
    "sns.amazonaws.com",
    {
      eventNames: new Set(["Publish", "PublishBatch"]),
      selectorType: "AWS::SNS::Topic",
      doc: "https://docs.aws.amazon.com/sns/latest/dg/logging-using-cloudtrail.html",
    },
  ],
  [
    "sqs.amazonaws.com",
    {
      eventNames: new Set([
        "ChangeMessageVisibility",
        "ChangeMessageVisibilityBatch",
        "DeleteMessage",
        "DeleteMessageBatch",
        "ReceiveMessage",
        "SendMessage",
        "SendMessageBatch",
      ]),
      selectorType: "AWS::SQS::Queue",
      doc: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/logging-using-cloudtrail.html",
    },
  ],
  [
    "ebs.amazonaws.com",
    {
      // EBS direct APIs; StartSnapshot and CompleteSnapshot are management events.
      eventNames: new Set(["GetSnapshotBlock", "ListChangedBlocks", "ListSnapshotBlocks", "PutSnapshotBlock"]),
      selectorType: "AWS::EC2::Snapshot",
      doc: "https://docs.aws.amazon.com/ebs/latest/userguide/logging-ebs-apis-using-cloudtrail.html",
    },
  ],
  [
    "cloudtrail-data.amazonaws.com",
    {
      eventNames: new Set(["PutAuditEvents"]),
      selectorType: "AWS::CloudTrail::Channel",
      doc: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
    },
  ],
  [
    "bedrock.amazonaws.com",
    {
      // Agent, knowledge base, flow and guardrail runtime calls; each has its own resources.type
      // (AgentAlias, KnowledgeBase, FlowAlias, Guardrail), so none is given here.
      eventNames: new Set(["ApplyGuardrail", "InvokeAgent", "InvokeFlow", "Retrieve", "RetrieveAndGenerate"]),
      doc: "https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html",
    },
  ],
]);

/** True when AWS documents `eventSource`/`eventName` as a data event. */
export function isDataApi(eventSource: string, eventName: string): boolean {
  return DATA_APIS.get(eventSource)?.eventNames.has(eventName) ?? false;
}
