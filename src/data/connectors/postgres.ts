/**
 * PostgreSQL: host, port, database and schema come from the contract's server;
 * credentials never do. The login is DP_SERVER_<NAME>_USER / _PASSWORD when
 * set (NAME is the server name in capitals, other characters as `_`), else the
 * libpq variables the driver reads (PGUSER, PGPASSWORD, PGSSLMODE, ~/.pgpass).
 * Each object is read in its own READ ONLY, REPEATABLE READ transaction with a
 * statement timeout, which is rolled back at the end.
 */
import type { Pool, PoolClient } from 'pg';
import type { Server } from '../../descriptor/model.js';
import type { ObjectPlan } from '../plan.js';
import { postgresDialect } from '../sql/postgres.js';
import type { BoundObject } from '../sql/query.js';
import type { Known } from '../sql/scan.js';
import type { Aggregate } from '../types.js';
import { uniqueIndexes } from './postgres-indexes.js';
import { DataError, jsonSafe, type Connector, type ConnectorOptions, type Located, type Rows, type Session } from './connector.js';

const CONNECT_TIMEOUT_MS = 10_000;
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function credentialVariables(server: string): { user: string; password: string } {
  const key = server.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { user: `DP_SERVER_${key}_USER`, password: `DP_SERVER_${key}_PASSWORD` };
}

export function explainPg(error: unknown, where: string, server: string): DataError {
  if (error instanceof DataError) return error;
  const err = error as { code?: string; message?: string };
  const code = err.code ?? '';
  const message = err.message ?? String(error);
  const vars = credentialVariables(server);
  if (NETWORK.has(code) || /timeout expired|Connection terminated|connect ETIMEDOUT/i.test(message)) {
    return new DataError(
      'connection',
      `cannot reach PostgreSQL at ${where}: ${message}`,
      'check that the server runs and that host and port of the contract server are right',
    );
  }
  if (code === '28P01' || code === '28000')
    return new DataError('auth', `PostgreSQL refused the login to ${where}: ${message}`, `set ${vars.user} and ${vars.password} (or PGUSER and PGPASSWORD)`);
  if (code === '3D000') return new DataError('connection', `the database of ${where} does not exist: ${message}`);
  if (code === '57014')
    return new DataError('timeout', 'the query ran longer than the timeout and was cancelled', 'raise --timeout, or test less data with --since');
  if (code === '25006') return new DataError('query', `refused by the read-only transaction: ${message}`);
  return new DataError('query', message);
}

/** 64-bit integers and decimals as numbers when that loses nothing, as DuckDB's values are; text otherwise. */
function exactNumber(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) || (Number.isFinite(n) && String(n) === text) ? n : text;
}

async function typeParsers(): Promise<{ getTypeParser: (oid: number, format?: string) => (text: string) => unknown }> {
  const { default: pg } = await import('pg');
  const INT8 = 20;
  const NUMERIC = 1700;
  return {
    getTypeParser: ((oid: number, format?: string) => (oid === INT8 || oid === NUMERIC ? exactNumber : pg.types.getTypeParser(oid, format as 'text'))) as never,
  };
}

/** A pool of connections to a contract's PostgreSQL server, logged in with the credentials of the environment. */
export async function pgPool(server: Server, env: NodeJS.ProcessEnv, max: number, application: string): Promise<{ pool: Pool; where: string }> {
  const { default: pg } = await import('pg');
  const vars = credentialVariables(server.server);
  const host = String(server.host ?? '');
  const port = Number(server.port ?? 5432);
  const database = String(server.database ?? '');
  const pool = new pg.Pool({
    host,
    port,
    database,
    user: env[vars.user] || undefined,
    password: env[vars.password] || undefined,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: application,
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  return { pool, where: `${host}:${port}/${database}` };
}

class PgSession implements Session {
  private timeoutMs = 60_000;

  constructor(
    private readonly client: PoolClient,
    private readonly where: string,
    private readonly server: string,
    private readonly types: Awaited<ReturnType<typeof typeParsers>>,
  ) {}

  async query(sql: string): Promise<Rows> {
    try {
      const result = await this.client.query({ text: sql, rowMode: 'array', types: this.types });
      return (result.rows as unknown[][]).map((row) => row.map(jsonSafe));
    } catch (error) {
      // A failed statement aborts the transaction; a savepoint would cost a round trip per query, so start afresh.
      await this.client.query('ROLLBACK').catch(() => undefined);
      await this.begin().catch(() => undefined);
      throw explainPg(error, this.where, this.server);
    }
  }

  begin(timeoutMs?: number): Promise<unknown> {
    if (timeoutMs !== undefined) this.timeoutMs = timeoutMs;
    return this.client.query(
      `BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.round(this.timeoutMs))}; SET LOCAL TIME ZONE 'UTC'`,
    );
  }

  async verifyReadOnly(): Promise<string | undefined> {
    return undefined; // the READ ONLY transaction is the engine's backstop
  }

  async close(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    this.client.release();
  }
}

export class PostgresConnector implements Connector {
  readonly dialect = postgresDialect;
  description = 'PostgreSQL';
  private types?: Awaited<ReturnType<typeof typeParsers>>;

  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly where: string,
    private readonly server: string,
    private readonly options: ConnectorOptions,
  ) {}

  static async open(server: Server, options: ConnectorOptions): Promise<PostgresConnector> {
    const { pool, where } = await pgPool(server, options.env, options.jobs, 'dp test');
    const connector = new PostgresConnector(pool, String(server.schema ?? 'public'), where, server.server, options);
    try {
      const client = await pool.connect();
      try {
        const { rows } = await client.query('SHOW server_version');
        connector.description = `PostgreSQL ${String(rows[0].server_version).split(' ')[0]}`;
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw explainPg(error, where, server.server);
    }
    return connector;
  }

  async locate(plan: ObjectPlan): Promise<Located> {
    const session = await this.session();
    try {
      const sql = `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = ${postgresDialect.string(this.schema)} AND lower(c.relname) = lower(${postgresDialect.string(plan.physicalName)})
          AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
        ORDER BY c.relname, a.attnum`;
      const rows = await session.query(sql);
      const names = [...new Set(rows.map((r) => String(r[0])))];
      const name = names.find((n) => n === plan.physicalName) ?? (names.length === 1 ? names[0] : undefined);
      if (!name)
        return {
          missing:
            names.length > 1 ? `several tables match ${plan.physicalName} in case; name one exactly` : `no table or view ${this.schema}.${plan.physicalName}`,
        };
      const columns = rows.filter((r) => r[0] === name && r[1] !== null).map((r) => ({ name: String(r[1]), type: String(r[2]) }));
      return { relation: `${postgresDialect.ident(this.schema)}.${postgresDialect.ident(name)}`, columns };
    } finally {
      await session.close();
    }
  }

  async metadata(session: Session, bound: BoundObject, aggregates: readonly Aggregate[]): Promise<Known> {
    return uniqueIndexes(session, bound, aggregates);
  }

  async session(): Promise<Session> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw explainPg(error, this.where, this.server);
    }
    this.types ??= await typeParsers();
    const session = new PgSession(client, this.where, this.server, this.types);
    try {
      await session.begin(this.options.timeoutMs);
    } catch (error) {
      client.release();
      throw explainPg(error, this.where, this.server);
    }
    return session;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
