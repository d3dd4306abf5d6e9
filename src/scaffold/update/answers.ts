/**
 * The answers of a product rendered again: those it recorded, then the ones given now (an
 * answers file, --set), and for questions the pack did not ask before, a default, a prompt or
 * a flag, as dp init finds them. Recorded answers the pack no longer asks are left out (and
 * said so).
 */
import { join } from 'node:path';
import { ANSWERS_RECORD } from '../../descriptor/derived/record.js';
import { displayPath } from '../../descriptor/product.js';
import { gatherAnswers, type GivenAnswers } from '../answers-input.js';
import { checkAnswers } from '../answers-check.js';
import { resolveAnswers } from '../answers-resolve.js';
import type { Prompter } from '../prompts.js';
import { listQuestions } from '../questions.js';
import type { Answers, Pack } from '../types.js';

export interface AnswerChanges {
  /** Answers given now (files, --set, flags) and extra values (a port dp add adds), over the recorded ones. */
  answers?: string;
  set?: string[];
  extra?: Answers;
  interactive: boolean;
  yes: boolean;
  prompter: () => Promise<Prompter>;
}

export interface NewAnswers {
  answers: Answers;
  /** Recorded answers the pack no longer asks. */
  dropped: string[];
  /** Questions answered for the first time (by default, prompt or flag). */
  added: string[];
}

export async function answersFor(cwd: string, target: string, pack: Pack, recorded: Answers, changes: AnswerChanges): Promise<NewAnswers> {
  const questions = listQuestions(pack);
  const known = new Set(questions.map((q) => q.key));
  const given: GivenAnswers = { values: Object.create(null) as Answers, sources: new Map() };
  const recordFile = displayPath(cwd, join(target, ANSWERS_RECORD));
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(recorded)) {
    if (!known.has(key)) {
      dropped.push(key);
      continue;
    }
    given.values[key] = value;
    given.sources.set(key, { kind: 'file', file: recordFile });
  }
  const now = gatherAnswers(cwd, { answers: changes.answers, set: changes.set }, questions);
  Object.assign(given.values, now.values, changes.extra ?? {});
  for (const [key, source] of now.sources) given.sources.set(key, source);
  for (const key of Object.keys(changes.extra ?? {})) given.sources.set(key, { kind: 'set' });
  if (now.file) given.file = now.file;
  const answers = await resolveAnswers(pack, questions, given, { interactive: changes.interactive, yes: changes.yes, prompter: changes.prompter });
  await checkAnswers(pack, answers, given);
  return { answers, dropped, added: questions.filter((q) => recorded[q.key] === undefined && answers[q.key] !== undefined).map((q) => q.key) };
}
