/**
 * Completing the answers, question by question in order: a given answer is
 * kept; otherwise the user is asked (interactive runs), or the default is
 * taken. Required questions take their default only with --yes (or when the
 * user accepts it at the prompt). Without a terminal nothing is asked: every
 * missing required answer is listed at once with the flag that gives it.
 */
import { DpError } from '../errors.js';
import type { GivenAnswers } from './answers-input.js';
import { problemWith, validatorFor } from './answers-check.js';
import { askQuestion } from './ask.js';
import { compileTemplate } from './handlebars.js';
import type { Prompter } from './prompts.js';
import { flagFor, hasDefault, questionsSchema, type Question } from './questions.js';
import type { Answers, Pack } from './types.js';

export interface ResolveOptions {
  interactive: boolean;
  yes: boolean;
  /** Created on the first question that needs asking. */
  prompter?: () => Promise<Prompter>;
  /** Answers already known to be missing (the archetype), listed with the others. */
  alsoMissing?: Question[];
}

/** The default of a question, computed from the answers before it; undefined when it cannot be computed yet. */
export function defaultOf(q: Question, answers: Answers): unknown {
  if (q.derivedDefault === undefined) return structuredClone(q.defaultValue);
  try {
    return compileTemplate(q.derivedDefault, `default of ${q.key}`)(answers);
  } catch {
    return undefined; // it needs an answer that is still missing; that one is reported instead
  }
}

export function missingError(missing: Question[]): DpError {
  const list = missing.map((q) => `${q.key} (${flagFor(q)})`).join(', ');
  const withDefaults = missing.filter(hasDefault).map((q) => q.key);
  const hint = [
    'give them as flags, with --set key=value, or in --answers <file>',
    withDefaults.length > 0 ? `--yes accepts the template's defaults for ${withDefaults.join(', ')}` : undefined,
    'run on a terminal (without CI set) to be asked',
  ]
    .filter(Boolean)
    .join('; ');
  return new DpError('usage', `missing answer${missing.length > 1 ? 's' : ''}: ${list}`, {
    hint,
    details: { missing: missing.map((q) => ({ answer: q.key, flag: flagFor(q), hasDefault: hasDefault(q) })) },
  });
}

export async function resolveAnswers(pack: Pack, questions: Question[], given: GivenAnswers, options: ResolveOptions): Promise<Answers> {
  const answers: Answers = Object.create(null) as Answers;
  Object.assign(answers, given.values);
  const missing: Question[] = [...(options.alsoMissing ?? [])];
  let prompter: Prompter | undefined;
  const validate = options.interactive ? await validatorFor(pack) : undefined;
  for (const q of questions) {
    if (answers[q.key] !== undefined) continue;
    const fallback = defaultOf(q, answers);
    const acceptDefault = fallback !== undefined && (!q.required || options.yes);
    if (options.interactive && q.prompt && !(options.yes && fallback !== undefined)) {
      prompter ??= await options.prompter!();
      const check = (value: unknown): string | undefined => problemWith(validate!, questionsSchema(pack), answers, q.key, value);
      answers[q.key] = await askQuestion(prompter, q, fallback, check);
      given.sources.set(q.key, { kind: 'prompt' });
    } else if (acceptDefault) {
      answers[q.key] = fallback;
      given.sources.set(q.key, { kind: 'default' });
    } else if (q.required) {
      missing.push(q);
    }
  }
  if (missing.length > 0) throw missingError(missing);
  return answers;
}
