/**
 * dp init from flags to files: choose the pack, complete and check the
 * answers, render, plan, and (unless --dry-run) write atomically after the
 * generated product passed dp validate.
 */
import { resolve } from 'node:path';
import { DpError, usageError } from '../errors.js';
import { firstGenerated, gatherAnswers } from './answers-input.js';
import { checkAnswers } from './answers-check.js';
import { resolveAnswers } from './answers-resolve.js';
import { choosePack } from './choose-pack.js';
import { initRepository, type GitResult } from './git.js';
import { planWrite, type Plan } from './plan.js';
import type { GeneratingEnvironment } from './environment.js';
import { listQuestions, type Question } from './questions.js';
import { renderProduct } from './render.js';
import { checkStaged } from './self-check.js';
import type { Answers, Pack } from './types.js';
import { applyPlan, type Applied } from './write.js';
import { markChanged, withGeneratedRecord } from './generated.js';
import { recoverTarget } from './recover.js';
import type { Finding } from '../core/finding.js';

export interface InitOptions {
  name?: string;
  title?: string;
  domain?: string;
  owner?: string;
  team?: string;
  description?: string;
  archetype?: string;
  output?: string[];
  input?: string[];
  template?: string;
  answers?: string;
  set?: string[];
  yes?: boolean;
  force?: boolean;
  dryRun?: boolean;
  git?: boolean;
}

export type Environment = GeneratingEnvironment;

export interface Prepared {
  pack: Pack;
  answers: Answers;
  plan: Plan;
  /** What an interrupted earlier run of dp init on the same directory left, and what was done about it. */
  recovered: string[];
  /** How many placeholders (example URLs, TODO values, stubs) the product holds for the team to fill in. */
  placeholders: number;
}

const ANSWER_FLAGS = ['name', 'title', 'domain', 'owner', 'team', 'description', 'output', 'input'] as const;

/** A flag the pack has no question for would be silently ignored: refuse it instead. */
function refuseUnaskedFlags(options: InitOptions, pack: Pack, questions: Question[]): void {
  const asked = new Set(questions.map((q) => q.flag));
  const unasked = ANSWER_FLAGS.filter((f) => options[f] !== undefined && !asked.has(`--${f}`));
  if (unasked.length > 0) {
    throw usageError(
      `template pack ${pack.id} does not ask for ${unasked.map((f) => `--${f}`).join(', ')}`,
      `its answers: ${questions.map((q) => q.key).join(', ')} (use --set key=value)`,
    );
  }
}

export async function prepare(env: Environment, options: InitOptions, dir?: string): Promise<Prepared> {
  const choice = await choosePack(env.cwd, { ...options, interactive: env.interactive, prompter: env.prompter });
  const { pack } = choice;
  const questions = listQuestions(pack);
  refuseUnaskedFlags(options, pack, questions);
  const given = gatherAnswers(env.cwd, { ...options }, questions);
  const answers = await resolveAnswers(pack, questions, given, {
    interactive: env.interactive,
    yes: Boolean(options.yes),
    prompter: env.prompter,
    alsoMissing: choice.missing ? [choice.missing] : [],
  });
  await checkAnswers(pack, answers, given);
  const target = dir ?? String(answers.name);
  const recovered = recoverTarget(resolve(env.cwd, target), Boolean(options.dryRun), target).notes;
  // After the recovery: an interrupted run may have moved the product's record away.
  const rendered = renderProduct(pack, answers, { dpVersion: env.dpVersion, date: env.date, now: firstGenerated(resolve(env.cwd, target)) ?? env.now });
  const files = withGeneratedRecord(rendered, { template: { id: pack.id, version: pack.version }, dpVersion: env.dpVersion });
  const plan = planWrite(env.cwd, target, files, { force: Boolean(options.force) });
  markChanged(plan);
  return { pack, answers, plan, recovered, placeholders: rendered.placeholders.length };
}

export interface Written {
  notes: Finding[];
  applied: Applied;
  git?: GitResult;
}

/** A file-system failure (permissions, a full disk, a directory that appeared meanwhile) is the user's to fix, not a bug. */
function fileSystemError(error: unknown, target: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof DpError || typeof code !== 'string') return error;
  const path = (error as NodeJS.ErrnoException).path ?? target;
  return new DpError('input', `cannot write ${target}: ${code} on ${path}; nothing was written`, {
    cause: error,
    hint: code === 'EACCES' || code === 'EPERM' ? 'check the permissions of the directory' : code === 'ENOSPC' ? 'free some disk space' : undefined,
  });
}

export async function write(env: Environment, prepared: Prepared, options: InitOptions): Promise<Written> {
  const { pack, plan } = prepared;
  let notes: Finding[] = [];
  let applied: Applied;
  try {
    applied = await applyPlan(plan, {
      check: async (stage) => {
        // The placeholders are listed by the report's next steps, not as a note.
        notes = (await checkStaged(env.cwd, stage, plan.target, pack.origin)).notes.filter(
          (f) => f.ruleId !== 'placeholders-draft' && f.ruleId !== 'placeholders',
        );
      },
    });
  } catch (error) {
    throw fileSystemError(error, plan.target);
  }
  const git = options.git
    ? await initRepository(plan.target, `Data product ${String(prepared.answers.name)} from dp init (${pack.id}@${pack.version})`)
    : undefined;
  return { notes, applied, git };
}
