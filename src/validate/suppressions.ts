/**
 * Inline suppressions, always with a reason:
 *   # dp-disable-next-line <rule-id>[, <rule-id>...] -- <reason>
 *   <yaml> # dp-disable-line <rule-id> -- <reason>
 *   # dp-disable-file <rule-id> -- <reason>
 * A suppression without a reason, naming an unknown rule, or one the organisation policy does
 * not accept (see policies/suppression-policy.ts), suppresses nothing and is itself a finding at
 * the comment's line; one that matches nothing is reported as unused.
 */
import type { SourceFile } from '../descriptor/source.js';
import { didYouMean } from '../util/suggest.js';
import type { Finding } from '../core/finding.js';
import type { Policy } from './policies/policy.js';
import { PROTECTED_RULES, type SuppressionRules } from './policies/suppression-policy.js';
import { RULE_DOCS } from './rules/docs.js';
import type { RuleDoc } from './rule.js';

type Scope = 'next-line' | 'line' | 'file';

interface Suppression {
  scope: Scope;
  ruleIds: string[];
  reason: string;
  /** Line of the comment (1-based) and the line it covers. */
  line: number;
  target: number;
  column: number;
  endColumn: number;
  /** The rules it does suppress: known, suppressible, accepted by the policy, with a reason. */
  accepted: Set<string>;
  used: boolean;
}

export interface SuppressionOptions {
  /** Checking what is being published (dp publish, the catalog server): protected rules are never suppressed. */
  publishing?: boolean;
  /** Rules that did not run (they need a catalog): a suppression of only those is not reported as unused. */
  skipped?: ReadonlySet<string>;
}

type Problem = Omit<Finding, 'severity'>;

const DIRECTIVE = /(?:^|\s)#\s*dp-disable-(next-line|line|file)\b(.*)$/;
const UNSUPPRESSIBLE = new Set(['syntax', 'suppression']);
const builtinRules: ReadonlyMap<string, RuleDoc> = new Map(RULE_DOCS.map((r) => [r.id, r]));

/** dp's rules and the policy's own. */
function rulesOf(policy: Policy): ReadonlyMap<string, RuleDoc> {
  return policy.customDocs.length === 0 ? builtinRules : new Map([...builtinRules, ...policy.customDocs.map((r) => [r.id, r] as const)]);
}

function parseLine(text: string, lineNo: number): Suppression | undefined {
  const match = DIRECTIVE.exec(text);
  if (!match) return undefined;
  const [body, reason = ''] = match[2].split(/\s--\s?|^--\s?/, 2).map((s) => s.trim());
  const column = text.indexOf('#', match.index) + 1;
  return {
    scope: match[1] as Scope,
    ruleIds: body.split(/[\s,]+/).filter(Boolean),
    reason: match[2].includes('--') ? reason : '',
    line: lineNo,
    target: match[1] === 'next-line' ? lineNo + 1 : lineNo,
    column,
    endColumn: text.length + 1,
    accepted: new Set(),
    used: false,
  };
}

function parseFile(file: SourceFile): Suppression[] {
  if (!file.text.includes('dp-disable')) return [];
  const out: Suppression[] = [];
  file.text.split('\n').forEach((text, i) => {
    const s = parseLine(text.replace(/\r$/, ''), i + 1);
    if (s) out.push(s);
  });
  return out;
}

/** Why the policy refuses this suppression of a rule, or undefined when it accepts it. */
function refusal(s: Suppression, id: string, rules: SuppressionRules, options: SuppressionOptions): { message: string; hint: string } | undefined {
  const form = `dp-disable-${s.scope} ${id}`;
  if (options.publishing && PROTECTED_RULES.has(id)) {
    return {
      message: `${form}: \`${id}\` is never suppressed in a published version (schema, identifier and versioning rules)`,
      hint: 'fix what the rule reports; published versions are checked in full',
    };
  }
  if (!rules.allows(id))
    return {
      message: `${form}: the organisation policy does not allow suppressing \`${id}\``,
      hint: 'fix what the rule reports, or ask for the rule to be allowed under `suppressions:` in the policy',
    };
  if (s.scope === 'file' && !rules.fileWide)
    return {
      message: `${form}: the organisation policy does not allow file-wide suppressions`,
      hint: 'suppress the finding on its line with dp-disable-next-line',
    };
  return undefined;
}

/** Checks each suppression against the rule table and the policy; records what it may suppress. */
function problemsOf(
  s: Suppression,
  file: SourceFile,
  rules: SuppressionRules,
  options: SuppressionOptions,
  knownRules: ReadonlyMap<string, RuleDoc>,
): Problem[] {
  const at = { file: file.display, line: s.line, column: s.column, endLine: s.line, endColumn: s.endColumn };
  const out: Problem[] = [];
  if (s.ruleIds.length === 0)
    out.push({
      ruleId: 'suppression-invalid',
      ...at,
      message: `dp-disable-${s.scope} names no rule`,
      hint: 'name the rule ids to suppress; blanket suppressions are not allowed',
    });
  for (const id of s.ruleIds) {
    const rule = knownRules.get(id);
    if (!rule)
      out.push({
        ruleId: 'suppression-invalid',
        ...at,
        message: `dp-disable-${s.scope}: unknown rule \`${id}\``,
        hint: didYouMean(id, knownRules.keys()) ?? 'run `dp rules` for the list',
      });
    else if (UNSUPPRESSIBLE.has(rule.category)) out.push({ ruleId: 'suppression-invalid', ...at, message: `rule \`${id}\` cannot be suppressed` });
    else {
      const refused = refusal(s, id, rules, options);
      if (refused) out.push({ ruleId: 'suppression-not-allowed', ...at, ...refused });
      else if (s.reason) s.accepted.add(id);
    }
  }
  if (!s.reason)
    out.push({
      ruleId: 'suppression-missing-reason',
      ...at,
      message: `dp-disable-${s.scope} has no reason, so it suppresses nothing`,
      hint: `write the reason after \`--\`: # dp-disable-${s.scope} ${s.ruleIds.join(', ') || '<rule-id>'} -- <why this is acceptable>`,
    });
  return out;
}

function suppresses(s: Suppression, finding: Finding): boolean {
  if (!s.accepted.has(finding.ruleId)) return false;
  return s.scope === 'file' || finding.line === s.target;
}

export function applySuppressions(
  files: SourceFile[],
  findings: Finding[],
  policy: Policy,
  options: SuppressionOptions = {},
): { findings: Finding[]; suppressed: number } {
  const byFile = new Map<string, { file: SourceFile; list: Suppression[]; problems: Problem[] }>();
  for (const file of files) {
    const list = parseFile(file);
    if (list.length === 0) continue;
    const rules = policy.suppressionsFor(file);
    byFile.set(file.display, { file, list, problems: list.flatMap((s) => problemsOf(s, file, rules, options, rulesOf(policy))) });
  }
  if (byFile.size === 0) return { findings, suppressed: 0 };
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const hit = byFile.get(finding.file)?.list.find((s) => suppresses(s, finding));
    if (hit) {
      hit.used = true;
      suppressed += 1;
    } else kept.push(finding);
  }
  for (const { file, list, problems } of byFile.values()) {
    for (const s of list) {
      if (s.used || s.accepted.size === 0 || problems.some((p) => p.line === s.line)) continue;
      if ([...s.accepted].every((id) => options.skipped?.has(id))) continue;
      problems.push({
        ruleId: 'suppression-unused',
        file: file.display,
        line: s.line,
        column: s.column,
        endLine: s.line,
        endColumn: s.endColumn,
        message: `dp-disable-${s.scope} ${s.ruleIds.join(', ')} suppresses nothing`,
        hint: 'remove it',
      });
    }
    for (const p of problems) {
      const setting = policy.settingFor(p.ruleId, file);
      if (setting.severity !== 'off') kept.push({ ...p, severity: setting.severity });
    }
  }
  return { findings: kept, suppressed };
}
