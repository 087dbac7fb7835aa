// The `security` pack: high-value detections beyond CIS (defence evasion, persistence, data
// exposure), written as EventBridge patterns over the CloudTrail envelope. Data only.
// Known limits are stated in each description; what EventBridge cannot express is left out rather
// than approximated (e.g. "no advanced event selector keeps management events").
import type { Rule } from "../rule.js";

/** Most detections report state changes that happened, so refused calls (errorCode set) are left out. */
const SUCCEEDED = { errorCode: [{ exists: false }] };

export const SECURITY_RULES: readonly Rule[] = [
  {
    id: "cloudtrail-logging-stopped",
    title: "CloudTrail logging stopped or trail deleted",
    severity: "critical",
    description: "A trail stopped logging (StopLogging) or was deleted (DeleteTrail): activity after this point may not be recorded. Successful calls only.",
    pattern: {
      eventbridge: {
        source: ["aws.cloudtrail"],
        detail: { eventName: ["StopLogging", "DeleteTrail"], ...SUCCEEDED },
      },
    },
  },
  {
    id: "cloudtrail-trail-weakened",
    title: "CloudTrail trail coverage reduced",
    severity: "high",
    description:
      "UpdateTrail turning off multi-region logging, global service events, log file validation or KMS encryption; or PutEventSelectors that drop management events (includeManagementEvents false, ReadOnly selectors, excluded event sources). Advanced event selectors are not examined.",
    pattern: {
      eventbridge: {
        source: ["aws.cloudtrail"],
        detail: {
          ...SUCCEEDED,
          $or: [
            {
              eventName: ["UpdateTrail"],
              requestParameters: {
                $or: [
                  { isMultiRegionTrail: [false] },
                  { includeGlobalServiceEvents: [false] },
                  { enableLogFileValidation: [false] },
                  { kmsKeyId: [""] },
                ],
              },
            },
            {
              eventName: ["PutEventSelectors"],
              requestParameters: {
                eventSelectors: {
                  $or: [
                    { includeManagementEvents: [false] },
                    { readWriteType: ["ReadOnly"] },
                    { excludeManagementEventSources: [{ exists: true }] },
                  ],
                },
              },
            },
          ],
        },
      },
    },
  },
  {
    id: "guardduty-disabled",
    title: "GuardDuty disabled or detached",
    severity: "high",
    description: "A GuardDuty detector was deleted or disabled (UpdateDetector with enable false), or the account or its members were detached from the administrator account. Successful calls only.",
    pattern: {
      eventbridge: {
        source: ["aws.guardduty"],
        detail: {
          ...SUCCEEDED,
          $or: [
            {
              eventName: [
                "DeleteDetector", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount",
                "StopMonitoringMembers", "DisassociateMembers", "DeleteMembers",
              ],
            },
            { eventName: ["UpdateDetector"], requestParameters: { enable: [false, "false"] } },
          ],
        },
      },
    },
  },
  {
    id: "guardduty-findings-suppressed",
    title: "GuardDuty findings suppressed",
    severity: "medium",
    description: "A GuardDuty filter that auto-archives findings was created or changed, or a trusted IP list (whose addresses raise no findings) was created or changed.",
    pattern: {
      eventbridge: {
        source: ["aws.guardduty"],
        detail: {
          ...SUCCEEDED,
          $or: [
            { eventName: ["CreateFilter", "UpdateFilter"], requestParameters: { action: ["ARCHIVE"] } },
            { eventName: ["CreateIPSet", "UpdateIPSet"] },
          ],
        },
      },
    },
  },
  {
    id: "securityhub-disabled",
    title: "Security Hub disabled or detached",
    severity: "high",
    description: "Security Hub was disabled, standards were disabled, or the account or its members were detached from the administrator account. Successful calls only.",
    pattern: {
      eventbridge: {
        source: ["aws.securityhub"],
        detail: {
          eventName: [
            "DisableSecurityHub", "BatchDisableStandards", "DisassociateFromMasterAccount",
            "DisassociateFromAdministratorAccount", "DisassociateMembers", "DeleteMembers",
          ],
          ...SUCCEEDED,
        },
      },
    },
  },
  {
    id: "config-recorder-stopped",
    title: "AWS Config recording stopped or removed",
    severity: "high",
    description: "The AWS Config recorder was stopped or deleted, or its delivery channel deleted: configuration history stops. Successful calls only.",
    pattern: {
      eventbridge: {
        source: ["aws.config"],
        detail: {
          eventName: ["StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel"],
          ...SUCCEEDED,
        },
      },
    },
  },
  {
    id: "root-access-key-created",
    title: "Root user access key created",
    severity: "critical",
    description: "The root user created an access key for itself (CreateAccessKey with no userName): long-lived credentials with full control of the account. Keys the root user creates for IAM users are not matched.",
    pattern: {
      eventbridge: {
        source: ["aws.iam"],
        detail: {
          eventName: ["CreateAccessKey"],
          userIdentity: { type: ["Root"] },
          requestParameters: { userName: [{ exists: false }] },
          ...SUCCEEDED,
        },
      },
    },
  },
  {
    id: "iam-login-profile-created",
    title: "IAM user given a console password",
    severity: "medium",
    description: "A console password was created (CreateLoginProfile) or reset by another principal (UpdateLoginProfile) for an IAM user: a common persistence step. Successful calls only.",
    pattern: {
      eventbridge: {
        source: ["aws.iam"],
        detail: { eventName: ["CreateLoginProfile", "UpdateLoginProfile"], ...SUCCEEDED },
      },
    },
  },
  {
    id: "s3-block-public-access-removed",
    title: "S3 Block Public Access removed",
    severity: "high",
    description: "S3 Block Public Access was deleted for a bucket or the account, or set with one of its four settings false. Successful calls only.",
    pattern: {
      eventbridge: {
        detail: {
          ...SUCCEEDED,
          $or: [
            { eventName: ["DeleteBucketPublicAccessBlock", "DeleteAccountPublicAccessBlock"] },
            {
              eventName: ["PutBucketPublicAccessBlock", "PutAccountPublicAccessBlock"],
              requestParameters: {
                PublicAccessBlockConfiguration: {
                  $or: [
                    { BlockPublicAcls: [false, "false"] },
                    { IgnorePublicAcls: [false, "false"] },
                    { BlockPublicPolicy: [false, "false"] },
                    { RestrictPublicBuckets: [false, "false"] },
                  ],
                },
              },
            },
          ],
        },
      },
    },
  },
  {
    id: "s3-bucket-made-public",
    title: "S3 bucket made public",
    severity: "critical",
    description:
      'A bucket ACL granted access to AllUsers or AuthenticatedUsers (grant or canned ACL), or a bucket policy allowed Principal "*". Policy conditions are not examined, so a "*" statement restricted by a condition (e.g. aws:PrincipalOrgID) also matches. Successful calls only.',
    pattern: {
      eventbridge: {
        source: ["aws.s3"],
        detail: {
          ...SUCCEEDED,
          $or: [
            {
              eventName: ["PutBucketAcl"],
              requestParameters: {
                AccessControlPolicy: {
                  AccessControlList: {
                    Grant: {
                      Grantee: {
                        URI: [
                          "http://acs.amazonaws.com/groups/global/AllUsers",
                          "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
                        ],
                      },
                    },
                  },
                },
              },
            },
            {
              eventName: ["PutBucketAcl", "CreateBucket"],
              requestParameters: { "x-amz-acl": ["public-read", "public-read-write", "authenticated-read"] },
            },
            {
              eventName: ["PutBucketPolicy"],
              requestParameters: {
                bucketPolicy: {
                  Statement: {
                    Effect: ["Allow"],
                    $or: [{ Principal: ["*"] }, { Principal: { AWS: ["*"] } }],
                  },
                },
              },
            },
          ],
        },
      },
    },
  },
  {
    id: "kms-key-policy-changed",
    title: "KMS key policy changed",
    severity: "medium",
    description: "A KMS key policy was replaced (PutKeyPolicy): check that it does not grant the key to unexpected principals. Successful calls only.",
    pattern: {
      eventbridge: { source: ["aws.kms"], detail: { eventName: ["PutKeyPolicy"], ...SUCCEEDED } },
    },
  },
  {
    id: "ec2-user-data-read",
    title: "EC2 instance user data read",
    severity: "medium",
    description: "DescribeInstanceAttribute for the userData attribute: user data often holds secrets, and bulk reads are a known credential-harvesting step. Refused attempts are included, as reconnaissance.",
    pattern: {
      eventbridge: {
        source: ["aws.ec2"],
        detail: { eventName: ["DescribeInstanceAttribute"], requestParameters: { attribute: ["userData"] } },
      },
    },
  },
  {
    id: "vpc-flow-logs-deleted",
    title: "VPC flow logs deleted",
    severity: "medium",
    description: "VPC flow logs were deleted (DeleteFlowLogs): network visibility is lost. Successful calls only.",
    pattern: {
      eventbridge: { source: ["aws.ec2"], detail: { eventName: ["DeleteFlowLogs"], ...SUCCEEDED } },
    },
  },
  {
    id: "ebs-default-encryption-disabled",
    title: "EBS encryption by default disabled",
    severity: "medium",
    description: "DisableEbsEncryptionByDefault: new EBS volumes in the region are no longer encrypted unless asked. Successful calls only.",
    pattern: {
      eventbridge: { source: ["aws.ec2"], detail: { eventName: ["DisableEbsEncryptionByDefault"], ...SUCCEEDED } },
    },
  },
  {
    id: "console-login-brute-force",
    title: "Repeated console sign-in failures",
    severity: "high",
    description: "At least 5 failed console sign-ins within one 5-minute period, counted across the whole input (all users and source addresses together), as a CloudWatch alarm on one metric would.",
    pattern: {
      eventbridge: {
        source: ["aws.signin"],
        detail: {
          eventName: ["ConsoleLogin"],
          $or: [{ errorMessage: ["Failed authentication"] }, { responseElements: { ConsoleLogin: ["Failure"] } }],
        },
      },
    },
    threshold: { count: 5, periodMinutes: 5 },
  },
];
