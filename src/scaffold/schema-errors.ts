/**
 * Turning JSON Schema errors (ajv, precompiled or not, without ajv's own
 * messages) into one clear sentence: which value, what is wrong, what is allowed.
 */
import type { JsonSchema } from './types.js';

export interface SchemaError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Errors that only say "some branch failed" are dropped when a more precise error exists. */
const VAGUE = new Set(['if', 'anyOf', 'oneOf', 'allOf', 'not', 'then', '$ref']);

export function pathSegments(instancePath: string): string[] {
  return instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `outputs[0].kind` for /outputs/0/kind. */
export function dottedPath(segments: readonly (string | number)[]): string {
  let text = '';
  for (const s of segments) text += /^\d+$/.test(String(s)) ? `[${s}]` : text === '' ? String(s) : `.${s}`;
  return text;
}

export function pickError(errors: readonly SchemaError[]): SchemaError {
  const precise = errors.filter((e) => !VAGUE.has(e.keyword));
  const pool = precise.length > 0 ? precise : errors;
  // The deepest error is the most specific one.
  return [...pool].sort((a, b) => pathSegments(b.instancePath).length - pathSegments(a.instancePath).length)[0];
}

/** The subschema at a data path, following properties, items and local $refs as far as it can. */
export function schemaAt(root: JsonSchema, segments: readonly string[]): JsonSchema | undefined {
  let current: JsonSchema | undefined = deref(root, root);
  for (const seg of segments) {
    if (!current) return undefined;
    if (/^\d+$/.test(seg) && current.items) current = deref(root, current.items);
    else current = current.properties?.[seg] ? deref(root, current.properties[seg]) : undefined;
  }
  return current;
}

function deref(root: JsonSchema, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const seg of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[seg];
  return typeof target === 'object' && target !== null ? { ...(target as JsonSchema), ...schema, $ref: undefined } : schema;
}

function allowedText(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  return schema.description;
}

/** What is wrong, without saying where (the caller names the value or location). */
export function describeError(error: SchemaError, root?: JsonSchema): string {
  const p = error.params;
  const at = root ? schemaAt(root, pathSegments(error.instancePath)) : undefined;
  switch (error.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const child = root ? schemaAt(root, [...pathSegments(error.instancePath), missing]) : undefined;
      return `\`${missing}\` is missing${child?.description ? `: ${child.description}` : ''}`;
    }
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `unknown key \`${String(p.additionalProperty ?? p.unevaluatedProperty)}\``;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `must be ${Array.isArray(p.type) ? p.type.join(' or ') : String(p.type)}`;
    case 'pattern':
    case 'format':
      return `must be ${allowedText(at) ?? `${error.keyword === 'format' ? `a valid ${String(p.format)}` : `matching ${String(p.pattern)}`}`}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'minItems':
      return `needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `takes at most ${String(p.limit)} items`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}${at?.description ? ` (${at.description})` : ''}`;
    default:
      return error.message ?? `fails the \`${error.keyword}\` check${at?.description ? `: ${at.description}` : ''}`;
  }
}
