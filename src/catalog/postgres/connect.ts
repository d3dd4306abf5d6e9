/**
 * Connecting to a PostgreSQL catalog: the driver (loaded here, lazily), a
 * small pool whose connections use the `dp_catalog` schema, clear errors for
 * unreachable servers and refused logins, and migrations (and rebuilding search
 * words of an older word rule) under an advisory lock.
 */
import type { Pool, PoolClient } from 'pg';
import { DpError } from '../../errors.js';
import { redactUrl } from '../location.js';
import { refuseNewerWords, storedWordRule, WORD_RULE, WORD_RULE_KEY } from '../word-rule.js';
import { APPLICATION_ID, MIGRATION_LOCK, PG_MIGRATIONS, PG_SCHEMA, PG_SCHEMA_VERSION, PUBLISH_LOCK } from './migrations.js';
import { rebuildSearchWords } from './rebuild.js';

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
  if (code === 'ERR_INVALID_URL')
    return new DpError('usage', `the catalog URL ${where} is not a valid URL`, { hint: 'percent-encode special characters in the user name and password' });
  if (NETWORK_CODES.has(code) || /timeout|terminated unexpectedly|Connection terminated/i.test(message)) {
    return new DpError('connection', `cannot reach the PostgreSQL catalog at ${where}: ${message}`, {
      hint: 'check that the server is running and reachable, and the host and port in the URL',
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000')
    return new DpError('connection', `PostgreSQL refused the login to ${where}: ${message}`, {
      hint: 'check the user and password in the URL (or PGPASSWORD)',
      cause: error,
    });
  if (code === '3D000')
    return new DpError('connection', `the database in ${where} does not exist: ${message}`, {
      hint: 'create it first (createdb), or fix the URL',
      cause: error,
    });
  if (code === '42501')
    return new DpError('config', `PostgreSQL denied an operation on ${where}: ${message}`, {
      hint: 'the catalog user needs CREATE on the database (first use) and rights on the dp_catalog schema',
      cause: error,
    });
  if (code === '57P01' || code === '57P03' || code === '53300')
    return new DpError('connection', `the PostgreSQL catalog at ${where} is not available: ${message}`, { cause: error });
  // disk_full, insufficient_resources, out_of_memory, io_error
  if (code === '53100' || code === '53000' || code === '53200' || code === '58030')
    return new DpError('storage', `the PostgreSQL catalog at ${where} cannot take the write: ${message}`, {
      hint: 'the database server is out of disk or failing; publish again once its operator has made room',
      cause: error,
    });
  if (code === '23001' && message.startsWith('dp catalog:'))
    return new DpError('refused', `the PostgreSQL catalog at ${where} refused the write: ${message.slice('dp catalog: '.length)}`, { cause: error });
  return error;
}

async function tablesIn(client: PoolClient): Promise<string[]> {
  const { rows } = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [PG_SCHEMA]);
  return rows.map((r: { table_name: string }) => r.table_name);
}

/** What dp_meta says: the schema version (0: no catalog yet) and the word rule of the search columns. */
interface Meta {
  schema: number;
  words: number;
}

async function catalogMeta(client: PoolClient, where: string): Promise<Meta> {
  const tables = await tablesIn(client);
  if (tables.length === 0) return { schema: 0, words: WORD_RULE };
  if (!tables.includes('dp_meta'))
    throw new DpError('input', `the schema ${PG_SCHEMA} in ${where} belongs to another application (no dp_meta table)`, {
      hint: 'use another database for the dp catalog',
    });
  const { rows } = await client.query('SELECT key, value FROM dp_meta');
  const meta = new Map(rows.map((r: { key: string; value: string }) => [r.key, r.value]));
  if (meta.get('application') !== APPLICATION_ID) throw new DpError('input', `${where} is not a dp catalog (its dp_meta belongs to something else)`);
  return { schema: Number(meta.get('schema_version') ?? 0), words: storedWordRule(meta.get(WORD_RULE_KEY)) };
}

/** Nothing to write: the schema is this dp's, and the search words of this word rule (or a newer one, refused by writers). */
const isCurrent = (meta: Meta) => meta.schema === PG_SCHEMA_VERSION && meta.words >= WORD_RULE;

/** One round trip for the common case, a current catalog (undefined: take the careful path). */
async function quickMeta(client: PoolClient): Promise<Meta | undefined> {
  try {
    const { rows } = await client.query(`SELECT key, value FROM dp_meta WHERE key IN ('application', 'schema_version', '${WORD_RULE_KEY}')`);
    const meta = new Map(rows.map((r: { key: string; value: string }) => [r.key, r.value]));
    return meta.get('application') === APPLICATION_ID
      ? { schema: Number(meta.get('schema_version') ?? 0), words: storedWordRule(meta.get(WORD_RULE_KEY)) }
      : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return undefined; // no dp_meta yet
    throw error;
  }
}

/** PostgreSQL's refusals of a session that may not write: no privilege, a read-only transaction (a standby). */
const MAY_NOT_WRITE = new Set(['42501', '25006']);

/**
 * Migrations, and a rebuild of search words made with an older word rule, in one transaction under
 * the migration lock (and the publish lock for a rebuild: no publisher writes words meanwhile).
 * Another process opening the catalog meanwhile waits for the lock, then finds everything done.
 * Gives the word rule of the catalog's search words afterwards: an older one when only the words
 * needed rebuilding and this session may not write (its searches are refused, src/catalog/word-rule.ts).
 */
async function migrate(client: PoolClient, where: string, reading: boolean): Promise<number> {
  const before = (await quickMeta(client)) ?? (await catalogMeta(client, where));
  if (!reading) refuseNewerWords(before.words, where);
  if (isCurrent(before)) return before.words;
  // READ WRITE explicitly: a reader's sessions default to read-only transactions.
  await client.query('BEGIN READ WRITE');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Only on first use: creating a schema needs CREATE on the database, which a role that only uses the catalog lacks.
    if (before.schema === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`);
    const { schema, words } = await catalogMeta(client, where);
    if (schema > PG_SCHEMA_VERSION)
      throw new DpError('input', `the catalog at ${where} has schema version ${schema}, newer than this dp knows (${PG_SCHEMA_VERSION})`, {
        hint: 'upgrade dp',
      });
    if (schema === 0) await client.query('CREATE TABLE dp_meta (key text PRIMARY KEY, value text NOT NULL)');
    for (const m of PG_MIGRATIONS.filter((x) => x.version > schema)) await client.query(m.sql);
    if (words < WORD_RULE) {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
      await rebuildSearchWords(client);
    }
    const set = 'INSERT INTO dp_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
    await client.query(set, ['application', APPLICATION_ID]);
    await client.query(set, ['schema_version', String(PG_SCHEMA_VERSION)]);
    await client.query(set, [WORD_RULE_KEY, String(Math.max(words, WORD_RULE))]);
    await client.query('COMMIT');
    // Fresh statistics for the planner, as after a bulk publish: every product's words changed.
    if (words < WORD_RULE && schema > 0) await client.query('ANALYZE products').catch(() => undefined);
    return Math.max(words, WORD_RULE);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (before.schema === PG_SCHEMA_VERSION && MAY_NOT_WRITE.has((error as { code?: string }).code ?? '')) return before.words;
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

/** A pool of a migrated catalog, and the word rule of its search words (this dp's, unless this reader may not write). */
export async function connectPool(url: string, poolSize = 4, readOnly = false): Promise<{ pool: Pool; wordRule: number }> {
  const pool = await openPool(url, poolSize, readOnly);
  try {
    const client = await pool.connect();
    try {
      return { pool, wordRule: await migrate(client, redactUrl(url), readOnly) };
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw explainPgError(error, url);
  }
}
