// Errors raised by the rule engine: a pattern that does not parse or validate (PatternError) and a
// rule file or rule list that cannot be loaded (RuleError). Both are input errors (exit 2 in the CLI).
// Does not print anything or decide exit codes; src/cli does.
import { CtError } from "../errors.js";

/** An EventBridge event pattern or CloudWatch Logs filter pattern that is not valid. */
export class PatternError extends CtError {
  constructor(message: string) {
    super("E_PATTERN", message);
  }
}

/** A rule file, rule definition or `--rules` entry that cannot be used; the message names the file. */
export class RuleError extends CtError {
  constructor(message: string) {
    super("E_RULES", message);
  }
}
