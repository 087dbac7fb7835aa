// The example queries `ct sql --query NAME` runs: the questions CloudTrail Lake users ask most,
// written against the Athena column names so they also read as Athena queries. Parameters are
// bound by DuckDB ($name), never pasted into the SQL. Plain data plus parameter parsing.
import { UsageError } from "../errors.js";

export type ParamKind = "text" | "list" | "count";

export interface QueryParam {
  name: string;
  kind: ParamKind;
  description: string;
  /** Undefined: the parameter is required. null: optional, bound as NULL. */
  default?: string | number | null;
}

export interface NamedQuery {
  name: string;
  description: string;
  params: readonly QueryParam[];
  sql: string;
}

const TOP: QueryParam = { name: "top", kind: "count", description: "rows (or rows per group) to show", default: 50 };

/** Who acted, in one text column: the ARN, else the invoking service, else the principal id. */
const PRINCIPAL =
  "coalesce(nullif(useridentity.arn, ''), nullif(useridentity.invokedby, ''), nullif(useridentity.principalid, ''), '(none)')";

export const NAMED_QUERIES: readonly NamedQuery[] = [
  {
    name: "console-login-without-mfa",
    description:
      "successful console sign-ins of IAM users and root without MFA (CIS 'Management Console sign-in without MFA'; federated sign-ins are left out: their MFA happens at the identity provider)",
    params: [],
    sql: `SELECT eventtime, useridentity.type AS principal_type, ${PRINCIPAL} AS principal, sourceipaddress, useragent, account, awsregion, eventid
FROM events
WHERE eventname = 'ConsoleLogin'
  AND useridentity.type IN ('IAMUser', 'Root')
  AND json_extract_string(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract_string(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes'
ORDER BY eventtime DESC`,
  },
  {
    name: "activity-by-ip",
    description: "what each source IP did: events, principals, API calls, errors, first and last seen (ip= for one address)",
    params: [{ name: "ip", kind: "text", description: "only this sourceIPAddress", default: null }, TOP],
    sql: `SELECT sourceipaddress, ${PRINCIPAL} AS principal, count(*) AS events, count(DISTINCT eventname) AS api_calls,
  count(*) FILTER (WHERE errorcode IS NOT NULL) AS errors, min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM events
WHERE $ip IS NULL OR sourceipaddress = $ip
GROUP BY sourceipaddress, principal
ORDER BY events DESC, sourceipaddress, principal
LIMIT $top`,
  },
  {
    name: "top-errors",
    description: "the most frequent error codes per service and API call, with how many principals hit them",
    params: [TOP],
    sql: `SELECT errorcode, eventsource, eventname, count(*) AS events, count(DISTINCT ${PRINCIPAL}) AS principals,
  max(eventtime) AS last_seen, min(errormessage) AS sample_message
FROM events
WHERE errorcode IS NOT NULL AND errorcode <> ''
GROUP BY errorcode, eventsource, eventname
ORDER BY events DESC, errorcode, eventsource, eventname
LIMIT $top`,
  },
  {
    name: "cross-account-access",
    description: "calls made by a principal of another account than the one that received them (AWS services left out)",
    params: [TOP],
    sql: `SELECT useridentity.accountid AS caller_account, ${PRINCIPAL} AS principal, recipientaccountid AS target_account,
  eventsource, eventname, count(*) AS events, min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM events
WHERE useridentity.accountid IS NOT NULL AND recipientaccountid IS NOT NULL
  AND useridentity.accountid <> recipientaccountid
  AND coalesce(useridentity.type, '') <> 'AWSService'
GROUP BY caller_account, principal, target_account, eventsource, eventname
ORDER BY events DESC, caller_account, principal, eventname
LIMIT $top`,
  },
  {
    name: "events-outside-regions",
    description:
      "activity in regions outside an approved list (regions=us-east-1,eu-west-1); global services such as IAM log in us-east-1, so approve it when you use them",
    params: [{ name: "regions", kind: "list", description: "the approved regions, comma-separated" }, TOP],
    sql: `SELECT awsregion, eventsource, eventname, ${PRINCIPAL} AS principal, count(*) AS events,
  min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM events
WHERE awsregion IS NOT NULL AND NOT list_contains($regions, awsregion)
GROUP BY awsregion, eventsource, eventname, principal
ORDER BY events DESC, awsregion, eventsource, eventname
LIMIT $top`,
  },
  {
    name: "manual-resource-creation",
    description:
      "resources created by hand: successful Create/Run/Allocate/Import calls from the console, or by IAM users, root or SSO users whose user agent is not an automation tool (Terraform, CloudFormation, CDK, Pulumi ...)",
    params: [TOP],
    sql: `SELECT eventtime, eventsource, eventname, ${PRINCIPAL} AS principal, useridentity.type AS principal_type,
  sourceipaddress, useragent, account, awsregion, eventid
FROM events
WHERE errorcode IS NULL
  AND regexp_matches(eventname, '^(Create|Run|Allocate|Import)')
  AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
  AND useridentity.invokedby IS NULL
  AND NOT regexp_matches(lower(coalesce(useragent, '')), 'terraform|cloudformation|aws-cdk|pulumi|crossplane|ansible|serverless|aws-sam|opentofu')
  AND (
    sessioncredentialfromconsole = 'true'
    OR regexp_matches(lower(coalesce(useragent, '')), '(^|[^a-z])(console|signin)\\.amazonaws\\.com|mozilla/')
    OR useridentity.type IN ('IAMUser', 'Root')
    OR useridentity.sessioncontext.sessionissuer.username LIKE 'AWSReservedSSO\\_%' ESCAPE '\\'
  )
ORDER BY eventtime DESC
LIMIT $top`,
  },
  {
    name: "top-api-calls-per-principal",
    description: "each principal's most frequent API calls (top= calls per principal)",
    params: [{ ...TOP, default: 5 }],
    sql: `WITH counts AS (
  SELECT ${PRINCIPAL} AS principal, eventsource, eventname, count(*) AS calls
  FROM events
  GROUP BY principal, eventsource, eventname
), ranked AS (
  SELECT principal, eventsource, eventname, calls,
    row_number() OVER (PARTITION BY principal ORDER BY calls DESC, eventsource, eventname) AS rank
  FROM counts
)
SELECT principal, rank, eventsource, eventname, calls
FROM ranked
WHERE rank <= $top
ORDER BY principal, rank`,
  },
];

export function findNamedQuery(name: string): NamedQuery | undefined {
  return NAMED_QUERIES.find((q) => q.name === name);
}

export type ParamValue = string | string[] | number | null;

/** Parses `--param name=value` flags against a query's parameters; every problem names --param. */
export function resolveParams(query: NamedQuery, raw: readonly string[]): Record<string, ParamValue> {
  const given = new Map<string, string>();
  for (const item of raw) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`expected NAME=VALUE, got "${item}"`, "--param");
    const name = item.slice(0, eq).trim();
    if (!query.params.some((p) => p.name === name))
      throw new UsageError(
        `query ${query.name} has no parameter "${name}"${query.params.length ? ` (it takes ${query.params.map((p) => p.name).join(", ")})` : " (it takes none)"}`,
        "--param",
      );
    given.set(name, item.slice(eq + 1));
  }
  const out: Record<string, ParamValue> = {};
  for (const p of query.params) {
    const text = given.get(p.name);
    if (text === undefined) {
      if (p.default === undefined) throw new UsageError(`query ${query.name} needs ${p.name}=... (${p.description})`, "--param");
      out[p.name] = p.default;
      continue;
    }
    if (p.kind === "count") {
      if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`${p.name} must be a whole number of at least 1, got "${text}"`, "--param");
      out[p.name] = Number(text);
    } else if (p.kind === "list") {
      const items = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
      if (items.length === 0) throw new UsageError(`${p.name} needs at least one value`, "--param");
      out[p.name] = items;
    } else out[p.name] = text;
  }
  return out;
}
