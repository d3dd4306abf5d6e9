/**
 * One interface for every engine dp tests data in. A connector knows how to
 * reach its engine, find each object's data and columns, and run read-only
 * queries in its dialect; nothing else in dp does. Adding an engine is a new
 * file here and a line in ./open.ts.
 */
import type { ObjectPlan } from '../plan.js';
import type { Aggregate } from '../types.js';
import type { Dialect } from '../sql/dialect.js';
import type { BoundObject } from '../sql/query.js';
import type { Known } from '../sql/scan.js';
import type { EngineColumn } from '../sql/types.js';

export type { EngineColumn };

export type Located = { relation: string; columns: EngineColumn[] } | { missing: string };

/** Rows of a query as arrays of JSON-safe values (numbers, strings, booleans, null; big integers as numbers when exact, else strings; NaN and infinities as text). */
export type Rows = unknown[][];

export interface Session {
  query(sql: string): Promise<Rows>;
  /** The engine's own check that a rule's query is one statement that reads; a reason when it is not. */
  verifyReadOnly(sql: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface Connector {
  readonly dialect: Dialect;
  /** What the engine is, for messages ("DuckDB 1.5.6", "PostgreSQL 15.4"). */
  readonly description: string;
  locate(plan: ObjectPlan): Promise<Located>;
  /** A session for one object: one connection, one snapshot, read-only. */
  session(): Promise<Session>;
  /**
   * The aggregates (by index) that the data's metadata answers exactly without reading rows, when the
   * engine keeps such metadata (Parquet statistics); the rest are computed by the scan.
   */
  metadata?(session: Session, bound: BoundObject, aggregates: readonly Aggregate[]): Promise<Known>;
  close(): Promise<void>;
}

export type DataErrorKind = 'connection' | 'auth' | 'timeout' | 'query' | 'config';

/** A failure of the data side, worded for the user; `kind` decides whether it stops the port or one check. */
export class DataError extends Error {
  constructor(
    readonly kind: DataErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

export interface ConnectorOptions {
  /** Directory relative paths of the contract are read from. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  /** Longest a query may run, in milliseconds. */
  timeoutMs: number;
  /** Sessions at once (tables tested in parallel). */
  jobs: number;
  /** Data files and database files must really lie inside this directory (the repository); anywhere when undefined. */
  root?: string;
}

export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object') return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  return value;
}
