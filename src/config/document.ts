/** Checking dp's own YAML files (configuration, policies) against their precompiled schemas. */
import { locate } from '../descriptor/positions.js';
import type { SourceFile } from '../descriptor/source.js';
import { DpError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';

export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** Keys a policy or configuration file may hold at a place, for "did you mean" (rule ids come from the rule table). */
export type KeySuggester = (path: string[]) => Iterable<string> | undefined;

function pathOf(instancePath: string): string[] {
  return instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The most telling error: unknown keys and wrong values first, the wrappers of oneOf and if/then last. */
function mainError(errors: SchemaError[]): SchemaError {
  const specific = errors.filter((e) => !['if', 'anyOf', 'oneOf', 'const'].includes(e.keyword));
  const unknown = specific.find((e) => e.keyword === 'additionalProperties');
  return unknown ?? specific.sort((a, b) => b.instancePath.length - a.instancePath.length)[0] ?? errors[0];
}

function describe(error: SchemaError, path: string[], suggest?: KeySuggester): { message: string; hint?: string; unknownKey?: string } {
  const where = path.length === 0 ? 'at the top level' : `at ${path.join('.')}`;
  const unknownKey = error.params.additionalProperty as string | undefined;
  if (unknownKey !== undefined) {
    const candidates = suggest?.(path);
    return { message: `unknown key \`${unknownKey}\` ${where}`, hint: candidates ? didYouMean(unknownKey, candidates) : undefined, unknownKey };
  }
  const allowed = error.params.allowedValues as unknown[] | undefined;
  return { message: `${where}: ${error.message ?? error.keyword}`, hint: allowed ? `allowed: ${allowed.join(', ')}` : undefined };
}

/** Returns the file's value when it is a valid document; otherwise throws a configuration error pointing at the problem. */
export function requireValid(file: SourceFile, validate: CompiledValidator, what: string, suggest?: KeySuggester): Record<string, unknown> {
  const problem = file.problems[0];
  if (problem) {
    throw new DpError('config', `invalid ${what}: ${problem.message}`, {
      location: { file: file.display, line: problem.line, column: problem.column },
      hint: problem.hint,
    });
  }
  const value = file.value ?? {};
  if (validate(value)) return value;
  const error = mainError(validate.errors ?? []);
  const path = pathOf(error.instancePath);
  const { message, hint, unknownKey } = describe(error, path, suggest);
  const span = locate(file, unknownKey !== undefined ? [...path, unknownKey] : path, unknownKey !== undefined ? 'key' : 'value');
  throw new DpError('config', `invalid ${what}: ${message}`, {
    location: { file: file.display, line: span.line, column: span.column },
    hint: hint ?? `see schemas/${what === 'policy file' ? 'dp-policies' : 'dp-config'}.schema.json in dp's installation`,
  });
}
