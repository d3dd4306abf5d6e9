/** dp update: a newer version of the product's template pack, merged with the team's changes. */
import { answersFor } from './answers.js';
import { checkVersions, findManifest, loadPackFor, refuseDowngrade, type VersionCheck } from './pack.js';
import { prepareMerge, runMerge, type MergeEnvironment } from './run.js';
import type { MergeReport } from './report.js';
import { productDir, readAnswersRecord, readState } from './state.js';

export interface UpdateOptions {
  template?: string;
  answers?: string;
  set?: string[];
  yes?: boolean;
  dryRun?: boolean;
}

export interface UpdateCheck extends VersionCheck {
  product: string;
}

/** Whether a newer version of the product's pack is available: reads the records and the manifest only. */
export async function checkUpdate(cwd: string, dir: string | undefined, template?: string): Promise<UpdateCheck> {
  const { target, display } = productDir(cwd, dir);
  const recorded = readAnswersRecord(cwd, target).template;
  const mf = await findManifest(cwd, target, recorded.id, template);
  return { product: display, ...checkVersions(recorded, mf) };
}

export async function update(env: MergeEnvironment, options: UpdateOptions, dir?: string): Promise<{ report: MergeReport; exitCode: number }> {
  const state = readState(env.cwd, dir);
  const notes = prepareMerge(state, Boolean(options.dryRun));
  const mf = await findManifest(env.cwd, state.target, state.template.id, options.template);
  const check = checkVersions(state.template, mf);
  refuseDowngrade(check);
  const template = { id: check.template.id, from: state.template.version, to: check.template.available };
  if (!check.newer) {
    return {
      report: { command: 'update', product: state.display, dryRun: Boolean(options.dryRun), template, changes: [], files: [], conflicted: [], notes },
      exitCode: 0,
    };
  }
  const pack = loadPackFor(env.cwd, mf);
  const given = await answersFor(env.cwd, state.target, pack, state.answers, {
    answers: options.answers,
    set: options.set,
    interactive: env.interactive,
    yes: Boolean(options.yes),
    prompter: env.prompter,
  });
  if (given.dropped.length > 0) notes.push(`answers the new template no longer asks, left out: ${given.dropped.join(', ')}`);
  if (given.added.length > 0) notes.push(`new answers: ${given.added.map((k) => `${k}=${JSON.stringify(given.answers[k])}`).join(', ')}`);
  const labels = { ours: 'yours', base: `${state.template.id}@${state.template.version} (as generated)`, theirs: `${pack.id}@${pack.version}` };
  return runMerge(env, {
    mode: 'update',
    state,
    pack,
    answers: given.answers,
    labels,
    dryRun: Boolean(options.dryRun),
    notes,
    report: { template, changes: check.changes },
  });
}
