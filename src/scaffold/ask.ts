/** One question as one prompt: the kind of prompt follows the question's schema. */
import { coerce } from './answers-input.js';
import { formatPortSpec, type PortSpec } from './port-spec.js';
import type { Prompter } from './prompts.js';
import type { Question } from './questions.js';

type Check = (value: unknown) => string | undefined;

function asText(q: Question, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (q.kind === 'ports' && Array.isArray(value)) return (value as PortSpec[]).map(formatPortSpec).join(', ');
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

function message(q: Question): string {
  return q.required ? q.title : `${q.title} (optional)`;
}

export async function askQuestion(prompter: Prompter, q: Question, fallback: unknown, check: Check): Promise<unknown> {
  if (q.kind === 'select' && q.choices) {
    const choices = q.choices.map((c) => ({ value: String(c) }));
    const picked = await prompter.askSelect(message(q), choices, fallback === undefined ? undefined : String(fallback));
    return q.choices.find((c) => String(c) === picked) ?? picked;
  }
  if (q.kind === 'boolean') return prompter.askConfirm(message(q), fallback === undefined ? undefined : Boolean(fallback));
  // An empty answer to a list question is the empty list, when the list may be empty (a product without inputs).
  const emptyList = (q.kind === 'ports' || q.kind === 'list') && !(Number(q.schema.minItems ?? 0) > 0) ? [] : undefined;
  const isEmpty = (raw: string): boolean => raw.trim() === '' || (emptyList !== undefined && raw.trim() === 'none');
  const text = await prompter.askText(emptyList ? `${message(q)} (none for no entry)` : message(q), {
    default: asText(q, fallback),
    validate: (raw) => {
      if (isEmpty(raw)) return q.required && !emptyList ? `an answer is needed: ${q.description ?? q.title}` : true;
      return check(coerce(q, raw.trim())) ?? true;
    },
  });
  return isEmpty(text) ? emptyList : coerce(q, text.trim());
}
