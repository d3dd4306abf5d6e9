/**
 * dp add port / dp add input: a port added to a product through the version of its template
 * pack it was generated from: the port's files (its contract, implementation stub, README...)
 * are created and its entry merged into the descriptor; nothing else is touched. The derived
 * files (policies, SLOs, checks, discovery README) describe the new port after `dp sync`.
 */
import { DpError, usageError } from '../../errors.js';
import { records, type DataProduct } from '../../descriptor/model.js';
import { loadSource } from '../../descriptor/source.js';
import { join } from 'node:path';
import { parsePortSpec, type PortSpec } from '../port-spec.js';
import { INPUT_KINDS, OUTPUT_KINDS } from '../types.js';
import { answersFor } from './answers.js';
import { prepareMerge, runMerge, type MergeEnvironment } from './run.js';
import type { MergeReport } from './report.js';
import { recordedPack } from './same-pack.js';
import { readState, type ProductState } from './state.js';
import { DESCRIPTOR } from './view.js';

export interface AddOptions {
  template?: string;
  dryRun?: boolean;
}

type Direction = 'output' | 'input';

function checkSpec(spec: PortSpec, direction: Direction): void {
  const kinds: readonly string[] = direction === 'output' ? OUTPUT_KINDS : INPUT_KINDS;
  const form = direction === 'output' ? '<name>:<kind>' : '<name>:<kind>[:<ref>]';
  if (!spec.name || !spec.kind)
    throw usageError(
      `expected ${form}, got \`${spec.name}${spec.kind ? `:${spec.kind}` : ''}\``,
      `for example ${direction === 'output' ? 'archive:files' : 'plays:product:play-events.events@1.0.0'}`,
    );
  if (!kinds.includes(spec.kind)) throw usageError(`unknown ${direction} port kind \`${spec.kind}\``, `kinds: ${kinds.join(', ')}`);
  if (direction === 'output' && spec.ref !== undefined) throw usageError(`an output port is given as ${form}, without a reference`);
}

/** A port of that name in the answers or in the descriptor (added by hand) is refused. */
function refuseExisting(state: ProductState, spec: PortSpec, direction: Direction): void {
  const key = direction === 'output' ? 'outputs' : 'inputs';
  const answered = Array.isArray(state.answers[key]) && (state.answers[key] as PortSpec[]).some((p) => p?.name === spec.name);
  const descriptor = loadSource(join(state.target, DESCRIPTOR), DESCRIPTOR, { root: state.target }).value as DataProduct | undefined;
  const declared = records<{ name?: string }>(direction === 'output' ? descriptor?.outputPorts : descriptor?.inputPorts).some(([p]) => p.name === spec.name);
  if (answered || declared)
    throw new DpError('usage', `${state.display} already has an ${direction} port named \`${spec.name}\``, { hint: 'choose another name' });
}

export async function addPort(
  env: MergeEnvironment,
  direction: Direction,
  specText: string,
  options: AddOptions,
  dir?: string,
): Promise<{ report: MergeReport; exitCode: number }> {
  const spec = parsePortSpec(specText);
  checkSpec(spec, direction);
  const state = readState(env.cwd, dir);
  refuseExisting(state, spec, direction);
  const notes = prepareMerge(state, Boolean(options.dryRun));
  const pack = await recordedPack(env.cwd, state, `add ${direction === 'output' ? 'port' : 'input'}`, options.template);
  const key = direction === 'output' ? 'outputs' : 'inputs';
  const before = Array.isArray(state.answers[key]) ? (state.answers[key] as PortSpec[]) : [];
  const given = await answersFor(env.cwd, state.target, pack, state.answers, {
    extra: { [key]: [...before, spec] },
    interactive: false,
    yes: true,
    prompter: env.prompter,
  });
  const labels = { ours: 'yours', base: `${pack.id}@${pack.version} (as generated)`, theirs: `${pack.id}@${pack.version} with ${direction} port ${spec.name}` };
  const result = await runMerge(env, {
    mode: 'add',
    state,
    pack,
    answers: given.answers,
    labels,
    dryRun: Boolean(options.dryRun),
    notes,
    report: { template: { id: pack.id, from: pack.version, to: pack.version } },
  });
  if (state.record.derived.size > 0)
    result.report.notes.push(
      `the derived files under ports/ (policies, SLOs, checks, the discovery README) do not describe port ${spec.name} yet: run dp sync`,
    );
  return result;
}
