// The built-in rule packs by name, and the resolver for `--rules cis,security,./my-rules.json`:
// which entries are packs and which are files, and the merged, duplicate-checked rule list.
// Reading a file is the caller's job (a readFile function is passed in): this module does no I/O.
import { RuleError } from "../errors.js";
import { parseRuleFile, type Rule } from "../rule.js";
import { CIS_RULES } from "./cis.js";
import { SECURITY_RULES } from "./security.js";

export const PACKS = { cis: CIS_RULES, security: SECURITY_RULES } as const satisfies Record<string, readonly Rule[]>;
export type PackName = keyof typeof PACKS;

export type RuleSource = { readonly kind: "pack"; readonly name: PackName } | { readonly kind: "file"; readonly path: string };

const isPackName = (s: string): s is PackName => Object.hasOwn(PACKS, s);

/**
 * Splits a `--rules` value at commas. An entry is a file when it contains a path separator or
 * ends in .json, .yaml or .yml (so `./cis` is a file and `cis` the pack); otherwise it must name a pack.
 */
export function parseRulesOption(value: string): RuleSource[] {
  const entries = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (entries.length === 0) throw new RuleError("--rules: no pack or rule file given");
  const sources: RuleSource[] = [];
  for (const entry of entries) {
    let source: RuleSource;
    if (/[/\\]/.test(entry) || /\.(json|ya?ml)$/i.test(entry)) source = { kind: "file", path: entry };
    else if (isPackName(entry)) source = { kind: "pack", name: entry };
    else {
      throw new RuleError(
        `--rules: unknown rule pack "${entry}" (packs: ${Object.keys(PACKS).join(", ")}; a rule file must contain "/" or end in .json, .yaml or .yml)`,
      );
    }
    const duplicate = sources.some((s) => (s.kind === "pack" ? s.name : s.path) === (source.kind === "pack" ? source.name : source.path));
    if (!duplicate) sources.push(source);
  }
  return sources;
}

/** Loads every source in order (packs from PACKS, files through `readFile`) and rejects duplicate rule ids. */
export async function resolveRules(
  sources: readonly RuleSource[],
  readFile: (path: string) => string | Promise<string>,
): Promise<Rule[]> {
  const rules: Rule[] = [];
  const origin = new Map<string, string>();
  for (const source of sources) {
    const label = source.kind === "pack" ? `pack ${source.name}` : source.path;
    const loaded = source.kind === "pack" ? PACKS[source.name] : parseRuleFile(await readFile(source.path), source.path);
    for (const rule of loaded) {
      const previous = origin.get(rule.id);
      if (previous !== undefined) {
        throw new RuleError(`rule id "${rule.id}" is defined twice: in ${previous} and in ${label}`);
      }
      origin.set(rule.id, label);
      rules.push(rule);
    }
  }
  return rules;
}
