/**
 * The check of every written document against dp's schema of its target
 * (the same check `dp validate` makes): what still fails is listed as an
 * `invalid` note at its line and column in the output, with dp's wording,
 * so the user knows what to add (a server's port the source never had...).
 */
import { sourceFromText } from '../descriptor/source.js';
import { checkSchema } from '../validate/schema-check.js';
import type { Note, TargetKind } from './types.js';

export function checkOutput(text: string, path: string, display: string, kind: TargetKind): Note[] {
  const file = sourceFromText(path, display, text);
  const problems = file.problems.length > 0 ? file.problems : checkSchema(file, kind);
  return problems.map((f) => ({
    kind: 'invalid' as const,
    file: f.file,
    line: f.line,
    column: f.column,
    path: '',
    message: f.message,
    hint: f.hint,
  }));
}
