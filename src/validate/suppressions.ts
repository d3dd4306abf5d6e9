/**
 * Inline suppressions, always with a reason:
 *   # dp-disable-next-line <rule-id>[, <rule-id>...] -- <reason>
 *   <yaml> # dp-disable-line <rule-id> -- <reason>
 *   # dp-disable-file <rule-id> -- <reason>
 * A suppression without a reason, or naming an unknown rule, suppresses nothing
 * and is itself a finding; one that matches nothing is reported as unused.
 */
import type { SourceFile } from '../descriptor/source.js';
import { didYouMean } from '../util/suggest.js';
import type { Finding } from './finding.js';
import type { Policy } from './policies/policy.js';
import { RULE_DOCS } from './rules/docs.js';

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
  used: boolean;
}

const DIRECTIVE = /(?:^|\s)#\s*dp-disable-(next-line|line|file)\b(.*)$/;
const UNSUPPRESSIBLE = new Set(['syntax', 'suppression']);
const knownRules = new Map(RULE_DOCS.map((r) => [r.id, r]));

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

function problemsOf(s: Suppression, file: SourceFile): Array<Omit<Finding, 'severity'>> {
  const at = { file: file.display, line: s.line, column: s.column, endLine: s.line, endColumn: s.endColumn };
  const out: Array<Omit<Finding, 'severity'>> = [];
  if (s.ruleIds.length === 0) out.push({ ruleId: 'suppression-invalid', ...at, message: `dp-disable-${s.scope} names no rule`, hint: 'name the rule ids to suppress; blanket suppressions are not allowed' });
  for (const id of s.ruleIds) {
    const rule = knownRules.get(id);
    if (!rule) out.push({ ruleId: 'suppression-invalid', ...at, message: `dp-disable-${s.scope}: unknown rule \`${id}\``, hint: didYouMean(id, knownRules.keys()) ?? 'run `dp rules` for the list' });
    else if (UNSUPPRESSIBLE.has(rule.category)) out.push({ ruleId: 'suppression-invalid', ...at, message: `rule \`${id}\` cannot be suppressed` });
  }
  if (!s.reason) out.push({ ruleId: 'suppression-missing-reason', ...at, message: `dp-disable-${s.scope} has no reason, so it suppresses nothing`, hint: `write the reason after \`--\`: # dp-disable-${s.scope} ${s.ruleIds.join(', ') || '<rule-id>'} -- <why this is acceptable>` });
  return out;
}

function suppresses(s: Suppression, finding: Finding): boolean {
  if (!s.ruleIds.includes(finding.ruleId)) return false;
  return s.scope === 'file' || finding.line === s.target;
}

export function applySuppressions(files: SourceFile[], findings: Finding[], policy: Policy): { findings: Finding[]; suppressed: number } {
  const byFile = new Map<string, { file: SourceFile; list: Suppression[] }>();
  for (const file of files) {
    const list = parseFile(file);
    if (list.length > 0) byFile.set(file.display, { file, list });
  }
  if (byFile.size === 0) return { findings, suppressed: 0 };
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const entry = byFile.get(finding.file);
    const valid = entry?.list.filter((s) => s.reason && !UNSUPPRESSIBLE.has(knownRules.get(finding.ruleId)?.category ?? 'syntax'));
    const hit = valid?.find((s) => suppresses(s, finding));
    if (hit) {
      hit.used = true;
      suppressed += 1;
    } else kept.push(finding);
  }
  for (const { file, list } of byFile.values()) {
    for (const s of list) {
      const problems = problemsOf(s, file);
      if (problems.length === 0 && !s.used) {
        problems.push({ ruleId: 'suppression-unused', file: file.display, line: s.line, column: s.column, endLine: s.line, endColumn: s.endColumn, message: `dp-disable-${s.scope} ${s.ruleIds.join(', ')} suppresses nothing`, hint: 'remove it' });
      }
      for (const p of problems) {
        const setting = policy.settingFor(p.ruleId, file);
        if (setting.severity !== 'off') kept.push({ ...p, severity: setting.severity });
      }
    }
  }
  return { findings: kept, suppressed };
}
