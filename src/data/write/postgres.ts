/**
 * Deleting rows on PostgreSQL for the control commands: the contract's server
 * (host, port, database, schema), logged in with DP_SERVER_<NAME>_USER and
 * _PASSWORD (else PGUSER, PGPASSWORD...): a role that may delete, which dp test
 * never needs. Counts read in a READ ONLY transaction; deletes run in one
 * transaction with a statement timeout, values bound as parameters.
 */
import type { Pool, PoolClient } from 'pg';
import type { Server } from '../../descriptor/model.js';
import { DataError } from '../connectors/connector.js';
import { explainPg, pgPool } from '../connectors/postgres.js';
import { postgresDialect as d } from '../sql/postgres.js';
import { filterColumns, filterSql, filterValues, requireColumn, type DeleteCount, type DeleteTarget, type EngineWriter } from './writer.js';

export interface WriterOptions {
  env: NodeJS.ProcessEnv;
  /** Directory relative paths of the contract are read from. */
  baseDir: string;
  timeoutMs: number;
}

interface Table {
  relation: string;
  columns: string[];
}

export class PostgresWriter implements EngineWriter {
  description = 'PostgreSQL';

  private constructor(
    readonly pool: Pool,
    readonly schema: string,
    private readonly where: string,
    private readonly server: string,
    private readonly timeoutMs: number,
  ) {}

  static async open(server: Server, options: WriterOptions): Promise<PostgresWriter> {
    const { pool, where } = await pgPool(server, options.env, 1, 'dp control');
    const writer = new PostgresWriter(pool, String(server.schema ?? 'public'), where, server.server, options.timeoutMs);
    try {
      const { rows } = await pool.query('SHOW server_version');
      writer.description = `PostgreSQL ${String(rows[0].server_version).split(' ')[0]}`;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw explainPg(error, where, server.server);
    }
    return writer;
  }

  explain(error: unknown): DataError {
    return explainPg(error, this.where, this.server);
  }

  /** Runs `work` in one transaction (read-only, or read-write), committed when it returns. */
  async transaction<T>(readOnly: boolean, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(this.explain(error)));
    try {
      await client.query(`BEGIN ${readOnly ? 'READ ONLY' : 'READ WRITE'}; SET LOCAL statement_timeout = ${Math.max(1, Math.round(this.timeoutMs))}`);
      const result = await work(client);
      await client.query(readOnly ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error instanceof DataError ? error : this.explain(error);
    } finally {
      client.release();
    }
  }

  /** The table of a physical name in the server's schema, with its columns (names compared as the connector of dp test does). */
  async table(client: PoolClient, name: string): Promise<Table> {
    const { rows } = await client.query(
      `SELECT c.relname, a.attname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE n.nspname = $1 AND lower(c.relname) = lower($2) AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum`,
      [this.schema, name],
    );
    const names = [...new Set(rows.map((r) => String(r.relname)))];
    const table = names.find((n) => n === name) ?? (names.length === 1 ? names[0] : undefined);
    if (!table)
      throw new DataError('config', `no table ${this.schema}.${name} on ${this.where}`, 'check the physicalName of the object and the schema of the server');
    return { relation: `${d.ident(this.schema)}.${d.ident(table)}`, columns: rows.filter((r) => r.relname === table).map((r) => String(r.attname)) };
  }

  private async statement(client: PoolClient, target: DeleteTarget, verb: 'SELECT count(*) FROM' | 'DELETE FROM'): Promise<DeleteCount> {
    const table = await this.table(client, target.physicalName);
    const column = (name: string) => requireColumn(name, table.columns, table.relation);
    const sql = `${verb} ${table.relation} WHERE ${filterSql(
      target.filter,
      (name) => d.ident(column(name)),
      (i) => `$${i + 1}`,
    )}`;
    const result = await client.query(sql, filterValues(target.filter)).catch((error: { code?: string }) => {
      // Never the driver's message: it quotes the value (a subject's identifier).
      if (['22P02', '22007', '22008', '22003'].includes(error.code ?? '')) {
        throw new DataError(
          'config',
          `a value of the filter does not fit the type of a column of ${table.relation} (${filterColumns(target.filter).join(', ')})`,
          'check that the subject key column holds identifiers of this kind, and its type',
        );
      }
      throw error;
    });
    return { object: target.object, relation: table.relation, rows: verb === 'DELETE FROM' ? (result.rowCount ?? 0) : Number(result.rows[0].count) };
  }

  async count(targets: DeleteTarget[]): Promise<DeleteCount[]> {
    return this.transaction(true, async (client) => {
      const out: DeleteCount[] = [];
      for (const t of targets) out.push(await this.statement(client, t, 'SELECT count(*) FROM'));
      return out;
    });
  }

  async delete(targets: DeleteTarget[]): Promise<DeleteCount[]> {
    return this.transaction(false, async (client) => {
      const out: DeleteCount[] = [];
      for (const t of targets) out.push(await this.statement(client, t, 'DELETE FROM'));
      return out;
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
