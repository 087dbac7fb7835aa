// Realistic, trimmed CloudTrail records for the rule tests: a base API call and a console sign-in,
// overridden per case. Account ids, addresses and keys are documentation values.

export const ACCOUNT = "111122223333";

export const iamUser = {
  type: "IAMUser",
  principalId: "AIDACKCEVSQ6C2EXAMPLE",
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  userName: "alice",
};

export const root = {
  type: "Root",
  principalId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  accountId: ACCOUNT,
  accessKeyId: "ASIAIOSFODNN7EXAMPLE",
};

export const assumedRole = {
  type: "AssumedRole",
  principalId: "AROACKCEVSQ6C2EXAMPLE:bob",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/bob`,
  accountId: ACCOUNT,
  sessionContext: {
    sessionIssuer: { type: "Role", principalId: "AROACKCEVSQ6C2EXAMPLE", arn: `arn:aws:iam::${ACCOUNT}:role/Admin`, accountId: ACCOUNT, userName: "Admin" },
    attributes: { creationDate: "2024-05-02T09:00:00Z", mfaAuthenticated: "false" },
  },
};

let counter = 0;

/** An API call record; `fields` override the defaults. */
export function apiCall(eventSource: string, eventName: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    eventVersion: "1.08",
    userIdentity: iamUser,
    eventTime: "2024-05-02T10:15:00Z",
    eventSource,
    eventName,
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.23",
    userAgent: "aws-cli/2.15.30 Python/3.11.8",
    requestParameters: null,
    responseElements: null,
    requestID: `0b1c2d3e-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    eventID: `9f8e7d6c-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    ...fields,
  };
}

/** A console sign-in; successful IAM user without MFA unless overridden. */
export function consoleLogin(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return apiCall("signin.amazonaws.com", "ConsoleLogin", {
    eventType: "AwsConsoleSignIn",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    responseElements: { ConsoleLogin: "Success" },
    additionalEventData: { LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No", MFAUsed: "No" },
    ...fields,
  });
}

/** A failed console sign-in, as CloudTrail records a wrong password. */
export function failedLogin(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return consoleLogin({
    responseElements: { ConsoleLogin: "Failure" },
    errorMessage: "Failed authentication",
    ...fields,
  });
}
