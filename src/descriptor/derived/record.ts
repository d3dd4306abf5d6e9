/**
 * `.dp/generated.yaml`, dp's record of what it generated in a product: the template and its
 * version, the digest of each file, which files are derived from the descriptor and contracts
 * (and the facts they were last derived from), and the placeholders it left for the team.
 * Written by `dp init`, `dp update`, `dp add` and `dp sync`; read by them and by `dp validate`.
 * The content of each generated file, the base of a three-way merge, is kept beside it in
 * `.dp/base.yaml` (compressed), which only the commands that merge read.
 */
import { createHash } from 'node:crypto';
import type { PathSegment } from '../positions.js';
import { isRecord } from '../model.js';
import type { ProductFacts } from './facts.js';

export const GENERATED_RECORD = '.dp/generated.yaml';
export const BASE_STORE = '.dp/base.yaml';
export const ANSWERS_RECORD = '.dp/answers.yaml';
export const BACKUP_DIR = '.dp/backup';

/** Something dp generated for the team to replace before release. */
export interface Placeholder {
  /** The file, relative to the product. */
  file: string;
  /** In a YAML file: where the value is, and the value. */
  path?: PathSegment[];
  value?: string;
  /** In another file: the line (trimmed) that is a stub. */
  line?: string;
  what: 'todo' | 'example-url' | 'stub';
}

export interface GeneratedRecord {
  template?: { id: string; version: string };
  generatedBy?: string;
  /** Digest of each generated file, by path. */
  files: Map<string, string>;
  /** Derived files, by path: the generator that derives them, or `template`. */
  derived: Map<string, string>;
  placeholders: Placeholder[];
  /** Digest of the facts the derived files were last rendered from (the facts themselves are in the base store). */
  derivedFrom?: string;
}

/** The digest of facts: of their JSON, keys in the order facts are built. */
export function digestOfFacts(facts: ProductFacts): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(facts)).digest('hex')}`;
}

/** A path inside a document as a JSON pointer (RFC 6901), and back (array indexes as numbers). */
export function toPointer(path: readonly PathSegment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function fromPointer(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function stringMap(value: unknown): Map<string, string> {
  if (!isRecord(value)) return new Map();
  return new Map(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function placeholderOf(value: unknown): Placeholder | undefined {
  if (!isRecord(value) || typeof value.file !== 'string') return undefined;
  const what = value.what === 'todo' || value.what === 'example-url' || value.what === 'stub' ? value.what : undefined;
  if (!what) return undefined;
  const p: Placeholder = { file: value.file, what };
  if (typeof value.at === 'string' && (value.at === '' || value.at.startsWith('/'))) p.path = fromPointer(value.at);
  if (typeof value.value === 'string') p.value = value.value;
  if (typeof value.line === 'string') p.line = value.line;
  return p.value !== undefined || p.line !== undefined ? p : undefined;
}

/** The record as data; anything malformed is left out (a record from an older dp has only `files`). */
export function readRecord(value: Record<string, unknown> | undefined): GeneratedRecord {
  const template =
    isRecord(value?.template) && typeof value.template.id === 'string' && typeof value.template.version === 'string'
      ? { id: value.template.id, version: value.template.version }
      : undefined;
  return {
    ...(template ? { template } : {}),
    ...(typeof value?.generatedBy === 'string' ? { generatedBy: value.generatedBy } : {}),
    files: stringMap(value?.files),
    derived: stringMap(value?.derived),
    placeholders: Array.isArray(value?.placeholders) ? value.placeholders.map(placeholderOf).filter((p): p is Placeholder => p !== undefined) : [],
    ...(typeof value?.derivedFrom === 'string' ? { derivedFrom: value.derivedFrom } : {}),
  };
}

function placeholderData(p: Placeholder): Record<string, unknown> {
  return {
    file: p.file,
    what: p.what,
    ...(p.path ? { at: toPointer(p.path) } : {}),
    ...(p.value !== undefined ? { value: p.value } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
  };
}

/** The record as the data written to `.dp/generated.yaml`. */
export function recordData(record: GeneratedRecord): Record<string, unknown> {
  const sorted = (m: Map<string, string>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...(record.template ? { template: { ...record.template } } : {}),
    ...(record.generatedBy ? { generatedBy: record.generatedBy } : {}),
    files: sorted(record.files),
    ...(record.derived.size > 0 ? { derived: sorted(record.derived) } : {}),
    ...(record.placeholders.length > 0 ? { placeholders: record.placeholders.map(placeholderData) } : {}),
    ...(record.derivedFrom ? { derivedFrom: record.derivedFrom } : {}),
  };
}
