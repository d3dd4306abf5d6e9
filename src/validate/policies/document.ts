/** Checking dp's own YAML files (configuration, policies) against their precompiled schemas. */
import { locate } from '../../descriptor/positions.js';
import type { SourceFile } from '../../descriptor/source.js';
import { DpError } from '../../errors.js';

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> | null;
}

function pathOf(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Returns the file's value when it is a valid document; otherwise throws a configuration error pointing at the problem. */
export function requireValid(file: SourceFile, validate: CompiledValidator, what: string): Record<string, unknown> {
  const problem = file.problems[0];
  if (problem) {
    throw new DpError('config', `invalid ${what}: ${problem.message}`, {
      location: { file: file.display, line: problem.line, column: problem.column },
      hint: problem.hint,
    });
  }
  const value = file.value ?? {};
  if (validate(value)) return value;
  const errors = (validate.errors ?? []).filter((e) => !['if', 'anyOf', 'oneOf'].includes(e.keyword));
  const first = errors[0] ?? validate.errors![0];
  const path = pathOf(first.instancePath);
  const unknownKey = first.params.additionalProperty as string | undefined;
  const span = locate(file, unknownKey ? [...path, unknownKey] : path, unknownKey ? 'key' : 'value');
  const where = first.instancePath === '' ? 'at the top level' : `at ${first.instancePath.slice(1).replace(/\//g, '.')}`;
  const message = unknownKey ? `unknown key \`${unknownKey}\` ${where}` : `${where}: ${first.message ?? first.keyword}`;
  const allowed = first.params.allowedValues as unknown[] | undefined;
  throw new DpError('config', `invalid ${what}: ${message}`, {
    location: { file: file.display, line: span.line, column: span.column },
    hint: allowed ? `allowed: ${allowed.join(', ')}` : `see the schema of the ${what} in dp's schemas/ folder`,
  });
}
