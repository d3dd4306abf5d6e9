/**
 * The canonical form of published documents: their parsed values as JSON with
 * sorted keys. Two versions with the same canonical form have the same
 * content, whatever their comments, key order or quoting; the digest is the
 * sha256 of that form.
 */
import { createHash } from 'node:crypto';
import type { ProductDocuments } from './store.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** Objects re-created with sorted keys; non-finite numbers (YAML .inf, .nan) as strings. Native JSON.stringify does the rest. */
function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (!isPlainObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key];
  return sorted;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'null';
}

/** `sha256:<hex>` of the descriptor and contracts (files and values, not texts). */
export function digestOf(documents: ProductDocuments): string {
  const form = {
    descriptor: documents.descriptor.value,
    contracts: documents.contracts.map((c) => ({ file: c.file, value: c.value })),
  };
  return `sha256:${createHash('sha256').update(canonicalJson(form)).digest('hex')}`;
}
