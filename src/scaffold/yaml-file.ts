/** Reading a YAML file of the user's (a pack manifest, an answers file) and pointing at a place in it when something is wrong. */
import { locate, type PathSegment } from '../descriptor/positions.js';
import { displayPath } from '../descriptor/product.js';
import { loadSource, type SourceFile } from '../descriptor/source.js';
import { DpError, type DpErrorType } from '../errors.js';
import type { CompiledValidator } from '../config/document.js';
import { describeError, dottedPath, pathSegments, pickError } from './schema-errors.js';
import type { JsonSchema } from './types.js';

/** Loads a YAML (or JSON) mapping; a syntax problem becomes an error at its line and column. */
export function readYamlMapping(cwd: string, path: string, what: string, type: DpErrorType = 'config'): SourceFile {
  const file = loadSource(path, displayPath(cwd, path));
  const problem = file.problems[0];
  if (problem) {
    throw new DpError(type, `invalid ${what}: ${problem.message}`, {
      location: { file: file.display, line: problem.line, column: problem.column },
      hint: problem.hint,
    });
  }
  return file;
}

export function errorAt(
  file: SourceFile,
  path: readonly PathSegment[],
  message: string,
  options: { type?: DpErrorType; hint?: string; target?: 'key' | 'value' } = {},
): DpError {
  const span = locate(file, path, options.target ?? 'value');
  return new DpError(options.type ?? 'config', message, {
    location: { file: file.display, line: span.line, column: span.column },
    hint: options.hint,
  });
}

/** Checks the file's value against a validator; the first error is reported at its place in the file. */
export function requireSchema(
  file: SourceFile,
  validate: CompiledValidator,
  what: string,
  options: { schema?: JsonSchema; type?: DpErrorType; hint?: string } = {},
): void {
  if (validate(file.value)) return;
  const error = pickError(validate.errors ?? []);
  const path = pathSegments(error.instancePath).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const unknownKey = (error.params.additionalProperty ?? error.params.unevaluatedProperty) as string | undefined;
  const where = path.length === 0 ? 'at the top level' : `\`${dottedPath(path)}\``;
  throw errorAt(file, unknownKey ? [...path, unknownKey] : path, `invalid ${what}: ${where} ${describeError(error, options.schema)}`, {
    type: options.type,
    hint: options.hint,
    target: unknownKey ? 'key' : 'value',
  });
}
