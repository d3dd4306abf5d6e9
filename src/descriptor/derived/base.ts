/**
 * `.dp/base.yaml`: the content of each file as dp last generated it, and the facts its derived
 * files were rendered from, each compressed (raw deflate, base64). The base of the three-way
 * merges of `dp update`, `dp add` and `dp sync`; `dp validate` reads only the facts, and only
 * when a derived file is out of date, to say what changed.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { isRecord } from '../model.js';
import type { ProductFacts } from './facts.js';

/** A base larger than this once inflated is refused (a product's is a few hundred kilobytes at most). */
export const MAX_BASE_BYTES = 16 * 1024 * 1024;

export function packText(text: string): string {
  return deflateRawSync(Buffer.from(text, 'utf8')).toString('base64');
}

export function unpackText(encoded: string): string {
  return inflateRawSync(Buffer.from(encoded, 'base64'), { maxOutputLength: MAX_BASE_BYTES }).toString('utf8');
}

export interface Base {
  /** What dp generated last, by path. */
  files: Map<string, string>;
  /** The facts the derived files were last rendered from. */
  facts?: ProductFacts;
}

export function baseData(files: Iterable<[string, string]>, facts: ProductFacts): Record<string, unknown> {
  const encoded: Record<string, string> = {};
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) encoded[path] = packText(content);
  return { encoding: 'deflate-raw+base64', facts: packText(JSON.stringify(facts)), files: encoded };
}

/** Only the facts (what `dp validate` needs). Throws on a malformed store. */
export function baseFacts(value: Record<string, unknown> | undefined): ProductFacts | undefined {
  return typeof value?.facts === 'string' ? (JSON.parse(unpackText(value.facts)) as ProductFacts) : undefined;
}

/** The whole store. Throws on a malformed store, or one larger than MAX_BASE_BYTES. */
export function readBaseData(value: Record<string, unknown> | undefined): Base {
  const files = new Map<string, string>();
  let total = 0;
  for (const [path, encoded] of Object.entries(isRecord(value?.files) ? value.files : {})) {
    if (typeof encoded !== 'string') continue;
    const text = unpackText(encoded);
    total += text.length;
    if (total > MAX_BASE_BYTES) throw new RangeError(`it holds more than ${MAX_BASE_BYTES / 1024 / 1024} MB`);
    files.set(path, text);
  }
  const facts = baseFacts(value);
  return facts ? { files, facts } : { files };
}
