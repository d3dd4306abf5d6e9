/** What dp init tells the user: the plan (or what was done) as text or as one JSON document. */
import { relative } from 'node:path';
import type { Finding } from '../core/finding.js';
import type { GitResult } from './git.js';
import type { Action, Plan } from './plan.js';
import type { Pack } from './types.js';

export interface InitReport {
  target: string;
  dryRun: boolean;
  template: { id: string; version: string; origin: string };
  /** `keep`: an overwrite of a file changed since dp generated it; its previous content is kept in `backup`. */
  files: Array<{ path: string; action: Action; bytes: number; keep?: boolean }>;
  summary: Record<Action, number>;
  /** Where the previous content of the changed files went (relative to the target), when any was kept. */
  backup?: string;
  notes: string[];
  git?: GitResult;
  /** Placeholders to fill in before the product is released (`dp validate` lists them). */
  placeholders?: number;
}

const VERB: Record<Action, string> = { create: 'create', overwrite: 'overwrite', skip: 'skip (unchanged)', remove: 'remove' };

export interface ReportInput {
  notes: Finding[];
  recovered: string[];
  backup?: string;
  git?: GitResult;
  placeholders?: number;
}

export function buildReport(cwd: string, plan: Plan, pack: Pack, dryRun: boolean, input: ReportInput): InitReport {
  const summary: Record<Action, number> = { create: 0, overwrite: 0, skip: 0, remove: 0 };
  for (const e of plan.entries) summary[e.action] += 1;
  return {
    target: relative(cwd, plan.target) || '.',
    dryRun,
    template: { id: pack.id, version: pack.version, origin: pack.origin },
    files: plan.entries.map((e) => ({ ...e })),
    summary,
    ...(input.backup ? { backup: input.backup } : {}),
    notes: [
      ...input.recovered,
      ...input.notes.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} (${f.ruleId})`),
      ...(input.git?.note ? [input.git.note] : []),
    ],
    git: input.git,
    ...(input.placeholders ? { placeholders: input.placeholders } : {}),
  };
}

function verb(f: InitReport['files'][number], dryRun: boolean): string {
  if (!f.keep) return VERB[f.action];
  return dryRun ? 'overwrite (your changes kept in .dp/backup/)' : 'overwrite (your changes kept)';
}

export function formatReport(report: InitReport): string {
  const { summary } = report;
  const lines: string[] = [];
  const what = `${report.template.id}@${report.template.version}`;
  const where = report.target === '.' ? 'the current directory' : `${report.target}/`;
  lines.push(report.dryRun ? `Plan for ${where} from ${what} (dry run: nothing written)` : `Generated ${where} from ${what}`);
  const width = Math.max(...report.files.map((f) => verb(f, report.dryRun).length));
  for (const f of report.files) lines.push(`  ${verb(f, report.dryRun).padEnd(width)}  ${f.path}`);
  const { create, overwrite, skip } = summary;
  lines.push(
    report.dryRun ? `${create} to create, ${overwrite} to overwrite, ${skip} unchanged` : `${create} created, ${overwrite} overwritten, ${skip} unchanged`,
  );
  const kept = report.files.filter((f) => f.keep).length;
  if (kept > 0 && report.backup) {
    const where = report.target === '.' ? report.backup : `${report.target}/${report.backup}`;
    lines.push(
      `Kept the previous content of ${kept} file${kept === 1 ? '' : 's'} you changed in ${where}/ (compare, merge your changes back, then remove it).`,
    );
  }
  if (report.git?.committed) lines.push('Initialised a git repository with a first commit.');
  if (!report.dryRun) {
    const cd = report.target === '.' ? [] : [`  cd ${report.target}`];
    lines.push(
      '',
      'Next steps:',
      ...cd,
      '  dp validate',
      '  dp test                # the contracts against the sample rows in data/sample/',
      '  # then write the transformation in ports/output/*/ (see README.md)',
    );
    if (report.placeholders)
      lines.push(
        `  # and fill in the ${report.placeholders} placeholder${report.placeholders === 1 ? '' : 's'} dp left (example URLs, TODO values, stubs) before the first release: dp validate lists them`,
      );
  }
  return `${lines.join('\n')}\n`;
}
