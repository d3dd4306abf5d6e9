/**
 * The merging commands from a product directory to a written merge: `dp update` (a newer
 * version of the product's template pack), `dp add` (a port through the same version), and
 * `dp sync` (the derived files from the descriptor and contracts). Each reads the product's
 * records, refuses a product that still holds conflict markers of an earlier merge, merges,
 * then writes atomically (or, with --dry-run, shows the diff) and reports.
 */
import { DpError } from '../../errors.js';
import type { Finding } from '../../core/finding.js';
import type { GeneratingEnvironment } from '../environment.js';
import { recoverTarget } from '../recover.js';
import { hasConflictMarkers } from '../merge/text.js';
import type { Labels } from '../merge/text.js';
import type { Answers, Pack } from '../types.js';
import { applyMerge, planFor } from './apply.js';
import { mergeProduct, type MergeMode } from './merge-product.js';
import { readOurs } from './reconcile.js';
import { conflictedFiles, formatMergeReport, mergeDiff, outcomes, type MergeReport } from './report.js';
import type { ProductState } from './state.js';

export type MergeEnvironment = GeneratingEnvironment;

/** Files dp generated that still hold conflict markers: the last merge is not resolved yet. */
export function refuseUnresolved(state: ProductState): void {
  const marked = [...state.record.files.keys()].filter((path) => {
    const text = readOurs(state.target, path);
    return text !== undefined && hasConflictMarkers(text);
  });
  if (marked.length === 0) return;
  throw new DpError('usage', `${state.display}: ${marked.join(', ')} still ${marked.length === 1 ? 'holds' : 'hold'} conflict markers of an earlier merge`, {
    hint: 'resolve the lines between <<<<<<< and >>>>>>> first (or restore the files from version control), then run the command again',
  });
}

export function prepareMerge(state: ProductState, dryRun: boolean): string[] {
  const notes = recoverTarget(state.target, dryRun, state.display).notes;
  refuseUnresolved(state);
  return notes;
}

async function validationNotes(cwd: string, target: string): Promise<string[]> {
  const { validatePaths } = await import('../../validate/run.js');
  const run = await validatePaths({ cwd, paths: [target] });
  const shown = run.findings.filter((f: Finding) => f.severity !== 'info').slice(0, 10);
  const more = run.findings.length - shown.length;
  return [
    ...shown.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} (${f.ruleId})`),
    ...(more > 0 ? [`... and ${more} more: run dp validate`] : []),
  ];
}

export interface MergeRun {
  mode: MergeMode;
  state: ProductState;
  pack: Pack;
  answers: Answers;
  labels: Labels;
  dryRun: boolean;
  /** Recovery notes and anything else to tell. */
  notes: string[];
  report: Pick<MergeReport, 'template' | 'changes'>;
}

export async function runMerge(env: MergeEnvironment, run: MergeRun): Promise<{ report: MergeReport; exitCode: number }> {
  const { state } = run;
  const merge = mergeProduct(state, run.pack, run.answers, {
    mode: run.mode,
    dpVersion: env.dpVersion,
    date: state.generatedAt?.slice(0, 10) ?? env.date,
    now: state.generatedAt ?? env.now,
    labels: run.labels,
  });
  const conflicted = conflictedFiles(merge.entries);
  const report: MergeReport = {
    command: run.mode,
    product: state.display,
    dryRun: run.dryRun,
    ...run.report,
    files: outcomes(merge.entries),
    conflicted,
    notes: [...run.notes],
  };
  if (run.dryRun) report.diff = mergeDiff(state.target, merge.entries);
  else {
    const applied = await applyMerge(planFor(state.target, merge));
    if (applied.backup) report.backup = applied.backup;
    if (conflicted.length === 0) report.notes.push(...(await validationNotes(env.cwd, state.target)));
  }
  return { report, exitCode: conflicted.length > 0 ? 1 : 0 };
}

export { formatMergeReport };
