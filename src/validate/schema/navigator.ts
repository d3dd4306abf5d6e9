/**
 * Walks dp's own JSON Schemas next to a document, to explain a validation error:
 * which keys are allowed at a place (for "did you mean"), which variant of a
 * server or property applies, what a field is for. Understands the constructs
 * dp's schemas use: $ref, allOf, if/then/else, oneOf with a discriminator.
 * Read only when a document has errors, so valid documents never pay for it.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../paths.js';
import type { SchemaName } from './standards.js';
import type { SchemaNode } from './types.js';

const loaded = new Map<SchemaName, SchemaNode>();

export function loadSchema(name: SchemaName): SchemaNode {
  let schema = loaded.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(fromRoot('schemas', `${name}.schema.json`), 'utf8')) as SchemaNode;
    loaded.set(name, schema);
  }
  return schema;
}

/** A schema that applies to a value; `via` names the discriminator choice that selected it (server `type`...). */
export interface Applied {
  node: SchemaNode;
  via?: { tag: string; value: string };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function resolve(root: SchemaNode, ref: string): SchemaNode {
  const name = ref.replace(/^#\/\$defs\//, '');
  const node = root.$defs?.[name];
  if (!node) throw new Error(`dp schema: unresolved $ref ${ref}`);
  return node;
}

function typeMatches(type: string | string[], value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    if (t === 'object') return isObject(value);
    if (t === 'array') return Array.isArray(value);
    if (t === 'null') return value === null;
    if (t === 'integer') return Number.isInteger(value);
    return typeof value === t;
  });
}

/** Whether a value satisfies a condition schema (the `if` parts of dp's schemas; formats and lengths are ignored). */
export function matches(root: SchemaNode, schema: SchemaNode, value: unknown): boolean {
  if (schema.$ref && !matches(root, resolve(root, schema.$ref), value)) return false;
  if (schema.type !== undefined && !typeMatches(schema.type, value)) return false;
  if ('const' in schema && schema.const !== value) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (isObject(value)) {
    if (schema.required?.some((key) => !(key in value))) return false;
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (key in value && typeof sub === 'object' && !matches(root, sub, value[key])) return false;
    }
  }
  if (schema.allOf && !schema.allOf.every((s) => matches(root, s, value))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => matches(root, s, value))) return false;
  if (schema.not && matches(root, schema.not, value)) return false;
  return true;
}

function tagMatches(root: SchemaNode, branch: SchemaNode, tag: string, value: unknown): boolean {
  const node = branch.$ref ? resolve(root, branch.$ref) : branch;
  const property = node.properties?.[tag];
  return typeof property === 'object' && ('const' in property ? property.const === value : (property.enum ?? []).includes(value));
}

/**
 * Every schema node that applies to `value` when `node` does; with `everyVariant`,
 * also those of the conditional branches the value did not select.
 */
export function applicable(root: SchemaNode, node: SchemaNode, value: unknown, everyVariant = false): Applied[] {
  const out: Applied[] = [];
  const visit = (n: SchemaNode, via: Applied['via']): void => {
    out.push({ node: n, via });
    if (n.$ref) visit(resolve(root, n.$ref), via);
    for (const sub of n.allOf ?? []) visit(sub, via);
    if (n.if && everyVariant) {
      for (const branch of [n.then, n.else]) if (branch) visit(branch, via);
    } else if (n.if) {
      const branch = matches(root, n.if, value) ? n.then : n.else;
      if (branch) visit(branch, via);
    }
    if (n.oneOf && n.discriminator && !everyVariant) {
      const tag = n.discriminator.propertyName;
      const tagValue = isObject(value) ? value[tag] : undefined;
      const branch = n.oneOf.find((b) => tagMatches(root, b, tag, tagValue));
      if (branch) visit(branch, { tag, value: String(tagValue) });
    } else {
      for (const sub of [...(n.oneOf ?? []), ...(n.anyOf ?? [])]) visit(sub, via);
    }
  };
  visit(node, undefined);
  return out;
}

function childSchemas(applied: Applied[], segment: string | number): SchemaNode[] {
  const out: SchemaNode[] = [];
  for (const { node } of applied) {
    const child = typeof segment === 'number' ? node.items : (node.properties?.[segment] ?? node.additionalProperties);
    if (child && typeof child === 'object') out.push(child);
  }
  return out;
}

/** The schemas that apply at a path of the document (with `everyVariant`, at the last step also those of other variants). */
export function schemasAt(root: SchemaNode, path: ReadonlyArray<string | number>, document: unknown, everyVariant = false): Applied[] {
  let value = document;
  let applied = applicable(root, root, value, everyVariant && path.length === 0);
  path.forEach((segment, i) => {
    const children = childSchemas(applied, segment);
    value = (value as Record<string | number, unknown> | undefined)?.[segment];
    applied = children.flatMap((child) => applicable(root, child, value, everyVariant && i === path.length - 1));
  });
  return applied;
}

/** Keys declared by the schemas that apply at a place, in schema order. */
export function allowedKeys(applied: Applied[]): string[] {
  const keys = new Set<string>();
  for (const { node } of applied) for (const key of Object.keys(node.properties ?? {})) keys.add(key);
  return [...keys];
}

/** The most specific description among the schemas that apply at a place (a $ref's target over the $ref). */
export function describe(applied: Applied[]): string | undefined {
  return applied.findLast(({ node }) => node.description)?.node.description;
}
