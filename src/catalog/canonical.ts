/**
 * The canonical form of published documents: their parsed values as JSON with
 * sorted keys. Two versions with the same canonical form have the same
 * content, whatever their comments, key order or quoting; the digest is the
 * sha256 of that form.
 */
import { createHash } from 'node:crypto';
import type { ProductDocuments } from './store.js';

function write(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    // Non-finite numbers and undefined have no JSON form; YAML can produce .inf and .nan.
    if (typeof value === 'number' && !Number.isFinite(value)) out.push(JSON.stringify(String(value)));
    else if (value instanceof Date) out.push(JSON.stringify(value));
    else out.push(value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  if (value instanceof Date) {
    out.push(JSON.stringify(value.toISOString()));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
    return;
  }
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write((value as Record<string, unknown>)[key], out);
  });
  out.push('}');
}

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

/** `sha256:<hex>` of the descriptor and contracts (files and values, not texts). */
export function digestOf(documents: ProductDocuments): string {
  const form = {
    descriptor: documents.descriptor.value,
    contracts: documents.contracts.map((c) => ({ file: c.file, value: c.value })),
  };
  return `sha256:${createHash('sha256').update(canonicalJson(form)).digest('hex')}`;
}
