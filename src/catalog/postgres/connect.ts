/**
 * Connecting to a PostgreSQL catalog: the driver (loaded here, lazily), a
 * small pool whose connections use the `dp_catalog` schema, clear errors for
 * unreachable servers and refused logins, and migrations under an advisory lock.
 */
import type { Pool, PoolClient } from 'pg';
import { DpError } from '../../errors.js';
import { redactUrl } from '../location.js';
import { APPLICATION_ID, MIGRATION_LOCK, PG_MIGRATIONS, PG_SCHEMA, PG_SCHEMA_VERSION } from './migrations.js';

export const CONNECT_TIMEOUT_MS = 10_000;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** A DpError for a driver error, or the error itself when dp cannot explain it. */
export function explainPgError(error: unknown, url: string): unknown {
  if (error instanceof DpError) return error;
  const err = error as { code?: string; message?: string };
  const where = redactUrl(url);
  const code = err.code ?? '';
  const message = err.message ?? String(error);
  // The driver's parse of the URL: its error carries the URL, password included, as `input`.
  if (code === 'ERR_INVALID_URL') return new DpError('usage', `the catalog URL ${where} is not a valid URL`, { hint: 'percent-encode special characters in the user name and password' });
  if (NETWORK_CODES.has(code) || /timeout|terminated unexpectedly|Connection terminated/i.test(message)) {
    return new DpError('connection', `cannot reach the PostgreSQL catalog at ${where}: ${message}`, {
      hint: 'check that the server is running and reachable, and the host and port in the URL',
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000') return new DpError('connection', `PostgreSQL refused the login to ${where}: ${message}`, { hint: 'check the user and password in the URL (or PGPASSWORD)', cause: error });
  if (code === '3D000') return new DpError('connection', `the database in ${where} does not exist: ${message}`, { hint: 'create it first (createdb), or fix the URL', cause: error });
  if (code === '42501') return new DpError('config', `PostgreSQL denied an operation on ${where}: ${message}`, { hint: 'the catalog user needs CREATE on the database (first use) and rights on the dp_catalog schema', cause: error });
  if (code === '57P01' || code === '57P03' || code === '53300') return new DpError('connection', `the PostgreSQL catalog at ${where} is not available: ${message}`, { cause: error });
  // disk_full, insufficient_resources, out_of_memory, io_error
  if (code === '53100' || code === '53000' || code === '53200' || code === '58030') return new DpError('storage', `the PostgreSQL catalog at ${where} cannot take the write: ${message}`, { hint: 'the database server is out of disk or failing; publish again once its operator has made room', cause: error });
  if (code === '23001' && message.startsWith('dp catalog:')) return new DpError('refused', `the PostgreSQL catalog at ${where} refused the write: ${message.slice('dp catalog: '.length)}`, { cause: error });
  return error;
}

async function tablesIn(client: PoolClient): Promise<string[]> {
  const { rows } = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [PG_SCHEMA]);
  return rows.map((r: { table_name: string }) => r.table_name);
}

async function schemaVersion(client: PoolClient, where: string): Promise<number> {
  const tables = await tablesIn(client);
  if (tables.length === 0) return 0;
  if (!tables.includes('dp_meta')) throw new DpError('input', `the schema ${PG_SCHEMA} in ${where} belongs to another application (no dp_meta table)`, { hint: 'use another database for the dp catalog' });
  const { rows } = await client.query('SELECT key, value FROM dp_meta');
  const meta = new Map(rows.map((r: { key: string; value: string }) => [r.key, r.value]));
  if (meta.get('application') !== APPLICATION_ID) throw new DpError('input', `${where} is not a dp catalog (its dp_meta belongs to something else)`);
  return Number(meta.get('schema_version') ?? 0);
}

/** One round trip for the common case, a current catalog; anything else takes the careful path. */
async function isCurrent(client: PoolClient): Promise<boolean> {
  try {
    const { rows } = await client.query("SELECT value FROM dp_meta WHERE key IN ('application', 'schema_version') ORDER BY key");
    return rows.length === 2 && rows[0].value === APPLICATION_ID && Number(rows[1].value) === PG_SCHEMA_VERSION;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return false; // no dp_meta yet
    throw error;
  }
}

async function migrate(client: PoolClient, where: string): Promise<void> {
  if (await isCurrent(client)) return;
  if ((await schemaVersion(client, where)) === PG_SCHEMA_VERSION) return;
  // READ WRITE explicitly: a reader's sessions default to read-only transactions.
  await client.query('BEGIN READ WRITE');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`);
    const current = await schemaVersion(client, where);
    if (current > PG_SCHEMA_VERSION) throw new DpError('input', `the catalog at ${where} has schema version ${current}, newer than this dp knows (${PG_SCHEMA_VERSION})`, { hint: 'upgrade dp' });
    if (current === 0) await client.query('CREATE TABLE dp_meta (key text PRIMARY KEY, value text NOT NULL)');
    for (const m of PG_MIGRATIONS.filter((x) => x.version > current)) await client.query(m.sql);
    const set = 'INSERT INTO dp_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
    await client.query(set, ['application', APPLICATION_ID]);
    await client.query(set, ['schema_version', String(PG_SCHEMA_VERSION)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Loads pg. On loading, pg asks whether it runs on Cloudflare Workers: it reads
 * `navigator.userAgent`, and where there is no `navigator` (Node 20) it builds a
 * `Response`, which loads node's whole fetch implementation (undici): a fifth of
 * a one-shot `dp catalog search`. A `navigator` as Node 21 and later define it
 * stands in for that question, and is taken away again.
 */
async function loadPg(): Promise<typeof import('pg').default> {
  const shim = typeof (globalThis as { navigator?: unknown }).navigator === 'undefined';
  if (shim) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` }, configurable: true });
  try {
    return (await import('pg')).default;
  } finally {
    if (shim) delete (globalThis as { navigator?: unknown }).navigator;
  }
}

/**
 * A pool of connections to the catalog, which must exist and be migrated (see `connectPool`).
 * A reader's transactions are read-only by default: read commands never write.
 */
export async function openPool(url: string, poolSize: number, readOnly = false): Promise<Pool> {
  const pg = await loadPg();
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'dp',
    // JIT compilation costs far more than the catalog's short queries ever take. Prepared statements
    // are planned once per connection: dp writes into the SQL the values a plan depends on (src/catalog/postgres/search.ts).
    options: `-c search_path=${PG_SCHEMA} -c jit=off -c plan_cache_mode=force_generic_plan${readOnly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

export async function connectPool(url: string, poolSize = 4, readOnly = false): Promise<Pool> {
  const pool = await openPool(url, poolSize, readOnly);
  try {
    const client = await pool.connect();
    try {
      await migrate(client, redactUrl(url));
    } finally {
      client.release();
    }
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw explainPgError(error, url);
  }
}
