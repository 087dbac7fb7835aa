// The `cis` pack: the CIS AWS Foundations Benchmark monitoring controls (section 4 in v1.4+, 3 in
// v1.2) with their published CloudWatch Logs metric-filter patterns, copied verbatim, and the alarm
// every control prescribes. Data only: no matching logic here.
import type { Rule, Threshold } from "../rule.js";

/**
 * The benchmark's alarm: metric value 1, Sum over 300 s, GreaterThanOrEqualToThreshold 1, one
 * evaluation period. A control "fires" in every 5-minute period holding at least one match.
 */
const CIS_ALARM: Threshold = { count: 1, periodMinutes: 5 };

/**
 * Security Hub ids: CloudWatch.1 is root usage (v1.2 3.3), confirmed in the Security Hub docs.
 * CloudWatch.N for N >= 2 follows the v1.2 numbering (CloudWatch.2 = 3.1, CloudWatch.3 = 3.2, then
 * CloudWatch.N = 3.N up to CloudWatch.14 = 3.14); re-check it if Security Hub renumbers its controls.
 * 4.15 (Organizations) has no v1.2 control and no Security Hub id.
 */
function cis(
  v14: string, v12: string | undefined, securityHub: string | undefined,
  fields: Pick<Rule, "title" | "severity" | "description"> & { metricFilter: string; id?: string; variant?: string },
): Rule {
  const rule: Rule = {
    id: fields.id ?? `cis-${v14}`,
    title: fields.title,
    severity: fields.severity,
    description: fields.description,
    pattern: { metricFilter: fields.metricFilter },
    threshold: CIS_ALARM,
    references: {
      cis: v12 === undefined ? [`v1.4+ ${v14}`] : [`v1.4+ ${v14}`, `v1.2 ${v12}`],
      ...(securityHub === undefined ? {} : { securityHub: [securityHub] }),
    },
  };
  if (fields.variant !== undefined) rule.variant = fields.variant;
  return rule;
}

// Severities are ct's triage rating (the benchmark assigns none): evidence of tampering with
// logging, keys or root use ranks above routine network and policy changes.
export const CIS_RULES: readonly Rule[] = [
  cis("4.1", "3.1", "CloudWatch.2", {
    title: "Unauthorized API calls",
    severity: "low",
    description: "CIS: ensure a log metric filter and alarm exist for unauthorized API calls. Matches calls refused with an *UnauthorizedOperation or AccessDenied* error code: probing, or broken automation.",
    metricFilter: '{ ($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*") }',
  }),
  cis("4.2", "3.2", "CloudWatch.3", {
    title: "Console sign-in without MFA",
    severity: "medium",
    variant: "v1.4+",
    description: "CIS v1.4+ form: successful console sign-ins by IAM users who did not use MFA.",
    metricFilter: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  }),
  // The v1.2 form, still used by Security Hub's CloudWatch.3: also fires on failed sign-ins and on
  // any identity type, so it is kept as a separately named variant rather than replaced.
  cis("4.2", "3.2", "CloudWatch.3", {
    id: "cis-3.2-v1.2",
    title: "Console sign-in without MFA (v1.2 form)",
    severity: "medium",
    variant: "v1.2",
    description: "CIS v1.2 form: console sign-ins (successful or not, any identity) without MFA.",
    metricFilter: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  }),
  cis("4.3", "3.3", "CloudWatch.1", {
    title: "Root user activity",
    severity: "high",
    description: "CIS: ensure a log metric filter and alarm exist for usage of the root user (also v1.2 1.1). Matches calls made by the root user itself, not by AWS services on its behalf.",
    metricFilter: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  }),
  cis("4.4", "3.4", "CloudWatch.4", {
    title: "IAM policy changes",
    severity: "medium",
    description: "CIS: ensure a log metric filter and alarm exist for IAM policy changes (inline and managed policies, versions, attachments).",
    metricFilter: "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
  }),
  cis("4.5", "3.5", "CloudWatch.5", {
    title: "CloudTrail configuration changes",
    severity: "high",
    description: "CIS: ensure a log metric filter and alarm exist for CloudTrail configuration changes (trail created, updated, deleted, logging started or stopped).",
    metricFilter: "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
  }),
  cis("4.6", "3.6", "CloudWatch.6", {
    title: "Console authentication failures",
    severity: "low",
    description: "CIS: ensure a log metric filter and alarm exist for AWS Management Console authentication failures.",
    metricFilter: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  }),
  cis("4.7", "3.7", "CloudWatch.7", {
    title: "KMS key disabled or scheduled for deletion",
    severity: "high",
    description: "CIS: ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer-managed KMS keys.",
    metricFilter: "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
  }),
  cis("4.8", "3.8", "CloudWatch.8", {
    title: "S3 bucket policy changes",
    severity: "medium",
    description: "CIS: ensure a log metric filter and alarm exist for S3 bucket policy changes (ACL, policy, CORS, lifecycle, replication).",
    metricFilter: "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
  }),
  cis("4.9", "3.9", "CloudWatch.9", {
    title: "AWS Config configuration changes",
    severity: "high",
    description: "CIS: ensure a log metric filter and alarm exist for AWS Config configuration changes (recorder stopped or changed, delivery channel changed or deleted).",
    metricFilter: "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }",
  }),
  cis("4.10", "3.10", "CloudWatch.10", {
    title: "Security group changes",
    severity: "medium",
    description: "CIS: ensure a log metric filter and alarm exist for security group changes.",
    metricFilter: "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup)}",
  }),
  cis("4.11", "3.11", "CloudWatch.11", {
    title: "Network ACL changes",
    severity: "low",
    description: "CIS: ensure a log metric filter and alarm exist for changes to network access control lists (NACL).",
    metricFilter: "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
  }),
  cis("4.12", "3.12", "CloudWatch.12", {
    title: "Network gateway changes",
    severity: "low",
    description: "CIS: ensure a log metric filter and alarm exist for changes to network gateways (customer and internet gateways).",
    metricFilter: "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
  }),
  cis("4.13", "3.13", "CloudWatch.13", {
    title: "Route table changes",
    severity: "low",
    description: "CIS: ensure a log metric filter and alarm exist for route table changes.",
    metricFilter: "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
  }),
  cis("4.14", "3.14", "CloudWatch.14", {
    title: "VPC changes",
    severity: "low",
    description: "CIS: ensure a log metric filter and alarm exist for VPC changes (VPCs, peering, ClassicLink).",
    metricFilter: "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
  }),
  cis("4.15", undefined, undefined, {
    title: "AWS Organizations changes",
    severity: "medium",
    description: "CIS: ensure a log metric filter and alarm exist for AWS Organizations changes (accounts, OUs, policies, handshakes).",
    metricFilter: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  }),
];
