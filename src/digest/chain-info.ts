// The identity of a chain as output shows it: trail, regions, account, organization, and the trail
// ARN where it can be known (given by the user, or derived for a trail of the digests' account).
// No I/O; no validation.
import type { ChainInfo } from "./events.js";
import type { ChainPlan } from "./tree-plan.js";

const ARN_RE = /^arn:([^:]+):cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/;

/** Identity of a chain for headers and JSON. */
export function chainInfo(plan: ChainPlan, givenArn: string | undefined): ChainInfo {
  const org = plan.orgId ? `${plan.orgId}/` : "";
  let trailArn: string | null = null;
  const arn = givenArn === undefined ? undefined : ARN_RE.exec(givenArn);
  if (arn && arn[2] === plan.homeRegion && arn[4] === plan.trailName) trailArn = givenArn ?? null;
  else if (!plan.orgId) {
    // An organization trail belongs to the management account, which the tree does not name.
    trailArn = `arn:${partitionOf(plan.homeRegion)}:cloudtrail:${plan.homeRegion}:${plan.accountId}:trail/${plan.trailName}`;
  }
  return {
    id: plan.id,
    root: plan.root,
    trailName: plan.trailName,
    homeRegion: plan.homeRegion,
    sourceRegion: plan.sourceRegion,
    accountId: plan.accountId,
    orgId: plan.orgId ?? null,
    trailArn,
    digestFolder: `${plan.localHead}${org}${plan.accountId}/CloudTrail-Digest/${plan.sourceRegion}`,
  };
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
