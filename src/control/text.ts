/** Free text given to the control plane (purposes, reasons, notes): one line, bounded, kept as written. */
import { invalid } from './actor.js';

/** The text trimmed, or null when empty; control characters and overlong text are refused. */
export function cleanText(text: string | undefined, what: string, max: number): string | null {
  const value = (text ?? '').trim();
  if (value === '') return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(value)) throw invalid(`the ${what} holds control characters; give one line of plain text`);
  if (value.length > max) throw invalid(`the ${what} is ${value.length} characters long; at most ${max} are kept`);
  return value;
}

/** A reason that must be given. */
export function requiredText(text: string | undefined, what: string, max: number, hint: string): string {
  const value = cleanText(text, what, max);
  if (value === null) throw invalid(`give a ${what}: it is recorded with the decision`, hint);
  return value;
}
