/** What dp init tells the user: the plan (or what was done) as text or as one JSON document. */
import { relative } from 'node:path';
import type { Finding } from '../validate/finding.js';
import type { GitResult } from './git.js';
import type { Action, Plan } from './plan.js';
import type { Pack } from './types.js';

export interface InitReport {
  target: string;
  dryRun: boolean;
  template: { id: string; version: string; origin: string };
  files: Array<{ path: string; action: Action; bytes: number }>;
  summary: Record<Action, number>;
  notes: string[];
  git?: GitResult;
}

const VERB: Record<Action, string> = { create: 'create', overwrite: 'overwrite', skip: 'skip (unchanged)' };

export function buildReport(cwd: string, plan: Plan, pack: Pack, dryRun: boolean, notes: Finding[], git?: GitResult): InitReport {
  const summary: Record<Action, number> = { create: 0, overwrite: 0, skip: 0 };
  for (const e of plan.entries) summary[e.action] += 1;
  return {
    target: relative(cwd, plan.target) || '.',
    dryRun,
    template: { id: pack.id, version: pack.version, origin: pack.origin },
    files: plan.entries.map((e) => ({ ...e })),
    summary,
    notes: [
      ...notes.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} (${f.ruleId})`),
      ...(git?.note ? [git.note] : []),
    ],
    git,
  };
}

export function formatReport(report: InitReport): string {
  const { summary } = report;
  const lines: string[] = [];
  const what = `${report.template.id}@${report.template.version}`;
  const where = report.target === '.' ? 'the current directory' : `${report.target}/`;
  lines.push(report.dryRun ? `Plan for ${where} from ${what} (dry run: nothing written)` : `Generated ${where} from ${what}`);
  const width = Math.max(...report.files.map((f) => VERB[f.action].length));
  for (const f of report.files) lines.push(`  ${VERB[f.action].padEnd(width)}  ${f.path}`);
  const { create, overwrite, skip } = summary;
  lines.push(report.dryRun ? `${create} to create, ${overwrite} to overwrite, ${skip} unchanged` : `${create} created, ${overwrite} overwritten, ${skip} unchanged`);
  if (report.git?.committed) lines.push('Initialised a git repository with a first commit.');
  if (!report.dryRun) {
    const cd = report.target === '.' ? [] : [`  cd ${report.target}`];
    lines.push('', 'Next steps:', ...cd, '  dp validate', '  # then write the transformation in ports/output/*/ (see README.md)');
  }
  return `${lines.join('\n')}\n`;
}
