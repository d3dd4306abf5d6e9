/**
 * dp sync: the derived files under ports/ (policies, SLOs, quality checks, the discovery and
 * output READMEs) rendered again from the descriptor and contracts as they are, and merged
 * with what the team wrote in them (nothing it added is lost; a line both changed is marked).
 */
import { prepareMerge, runMerge, type MergeEnvironment } from './run.js';
import type { MergeReport } from './report.js';
import { recordedPack } from './same-pack.js';
import { readState } from './state.js';
import { listQuestions } from '../questions.js';

export interface SyncOptions {
  template?: string;
  dryRun?: boolean;
}

export async function sync(env: MergeEnvironment, options: SyncOptions, dir?: string): Promise<{ report: MergeReport; exitCode: number }> {
  const state = readState(env.cwd, dir);
  const notes = prepareMerge(state, Boolean(options.dryRun));
  const pack = await recordedPack(env.cwd, state, 'sync', options.template);
  const known = new Set(listQuestions(pack).map((q) => q.key));
  const answers = Object.fromEntries(Object.entries(state.answers).filter(([k]) => known.has(k)));
  const labels = { ours: 'yours', base: 'as dp last generated it', theirs: 'derived from the descriptor and contracts' };
  return runMerge(env, { mode: 'sync', state, pack, answers, labels, dryRun: Boolean(options.dryRun), notes, report: {} });
}
