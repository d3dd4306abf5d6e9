/**
 * Database rows to catalog records, shared by both backends. Column names are
 * the same in SQLite and PostgreSQL; JSON columns arrive as text from SQLite
 * and parsed from PostgreSQL (jsonb), times as text or Date.
 */
import { searchWords } from './words.js';
import type { Edge, PortRow, ProductDocuments, ProductSummary, PublishedDocument, TokenRecord, VersionRecord, VersionSummary } from './store.js';

export type Row = Record<string, unknown>;

export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function toSummary(row: Row): ProductSummary {
  return {
    id: String(row.id),
    name: text(row.name),
    version: String(row.latest_version),
    domain: text(row.domain),
    team: text(row.team),
    status: text(row.status),
    purpose: text(row.purpose),
    tags: json<string[]>(row.tags),
    publisher: String(row.publisher),
    publishedAt: iso(row.published_at),
    versionCount: Number(row.version_count),
  };
}

export function toVersionSummary(row: Row): VersionSummary {
  return {
    productId: String(row.product_id),
    version: String(row.version),
    digest: String(row.digest),
    publisher: String(row.publisher),
    publishedAt: iso(row.published_at),
    previousVersion: text(row.previous_version),
    changes: json(row.changes_json),
  };
}

/** Rows of (contract_id, id) as a map of contract id to the products publishing it. */
export function toPublishers(rows: Row[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) out.set(String(row.contract_id), [...(out.get(String(row.contract_id)) ?? []), String(row.id)]);
  return out;
}

export function toPort(row: Row): PortRow {
  return {
    direction: row.direction as PortRow['direction'],
    name: String(row.name),
    version: String(row.port_version),
    contractId: text(row.contract_id),
    type: text(row.type),
  };
}

/** A version's documents as published, from its columns descriptor_file, descriptor_text, descriptor_json and contracts_json. */
export function toDocuments(row: Row): ProductDocuments {
  const descriptor: PublishedDocument = { file: String(row.descriptor_file), text: String(row.descriptor_text), value: json(row.descriptor_json) };
  return { descriptor, contracts: json(row.contracts_json) };
}

export function toRecord(row: Row, ports: Row[]): VersionRecord {
  return {
    ...toVersionSummary(row),
    name: text(row.name),
    domain: text(row.domain),
    team: text(row.team),
    status: text(row.status),
    documents: toDocuments(row),
    validation: json(row.validation_json),
    ports: ports.map(toPort),
  };
}

/**
 * A version record as JSON text, the same value `JSON.stringify(toRecord(row, ports))` gives, with
 * the stored JSON columns (documents, validation, changes: JSON text as written at publish) spliced
 * in as they are: reading a product through the API parses and serialises nothing large.
 */
export function recordJson(row: Row, ports: Row[]): string {
  const str = JSON.stringify;
  const { descriptor_json: descriptor, contracts_json: contracts, validation_json: validation, changes_json: changes } = row;
  return (
    `{"productId":${str(String(row.product_id))},"version":${str(String(row.version))},"digest":${str(String(row.digest))},` +
    `"publisher":${str(String(row.publisher))},"publishedAt":${str(iso(row.published_at))},"previousVersion":${str(text(row.previous_version))},` +
    `"changes":${changes},"name":${str(text(row.name))},"domain":${str(text(row.domain))},"team":${str(text(row.team))},"status":${str(text(row.status))},` +
    `"documents":{"descriptor":{"file":${str(String(row.descriptor_file))},"text":${str(String(row.descriptor_text))},"value":${descriptor}},"contracts":${contracts}},` +
    `"validation":${validation},"ports":${str(ports.map(toPort))}}`
  );
}

export function toEdge(row: Row): Edge {
  return {
    from: { product: String(row.from_product), port: String(row.from_port), contractId: String(row.contract_id) },
    to: { product: String(row.to_product), port: String(row.to_port) },
  };
}

export function toToken(row: Row): TokenRecord {
  const time = (v: unknown) => (v === null || v === undefined ? null : iso(v));
  return {
    id: String(row.id),
    hash: String(row.hash),
    team: text(row.team),
    admin: row.admin === true || Number(row.admin) === 1,
    privacy: row.privacy === true || Number(row.privacy) === 1,
    description: text(row.description),
    createdAt: iso(row.created_at),
    revokedAt: time(row.revoked_at),
    lastUsedAt: time(row.last_used_at),
  };
}

/** The terms of a search: its words (src/catalog/words.ts), each a prefix of a word of the product. */
export const searchTerms = searchWords;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function pageBounds(filter: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  return { limit, offset: Math.max(0, Math.floor(filter.offset ?? 0)) };
}

/** Splits a list for queries with a bounded number of parameters. */
export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
