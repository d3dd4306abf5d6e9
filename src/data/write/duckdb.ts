/**
 * Deleting rows in a DuckDB database file (ODCS `type: duckdb`) for the control
 * commands: the only place dp opens such a file read-write (dp test opens it
 * read-only). Counts first, then the deletes of one call in one transaction.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Server } from '../../descriptor/model.js';
import { DataError } from '../connectors/connector.js';
import { cleanMessage, settings } from '../connectors/duckdb.js';
import { duckdbDialect as d } from '../sql/duckdb.js';
import type { WriterOptions } from './postgres.js';
import { filterSql, requireColumn, type DeleteCount, type DeleteTarget, type EngineWriter, type RowFilter } from './writer.js';

/** A column and a value as DuckDB compares them: identifiers as text (any column type), times as TIMESTAMPTZ. */
export function duckFilter(filter: RowFilter, column: (name: string) => string): string {
  return filterSql(
    filter,
    (name, kind) => (kind === 'subject' ? `CAST(${d.ident(column(name))} AS VARCHAR)` : d.ident(column(name))),
    (_i, text, kind) => (kind === 'subject' ? d.string(text) : `CAST(${d.string(text)} AS TIMESTAMPTZ)`),
  );
}

export async function openDuck(path: string, env: NodeJS.ProcessEnv): Promise<DuckDBInstance> {
  const duck = await import('@duckdb/node-api');
  try {
    const instance = await duck.DuckDBInstance.create(path, settings(env));
    const connection = await instance.connect();
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
    connection.closeSync();
    return instance;
  } catch (error) {
    throw new DataError('connection', `cannot open the DuckDB database ${path}: ${cleanMessage(error)}`, 'another process may hold it open for writing');
  }
}

/** Runs a statement; DuckDB's own error, worded, as a DataError. */
export async function run(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  try {
    return (await connection.runAndReadAll(sql)).getRowsJS();
  } catch (error) {
    throw new DataError('query', cleanMessage(error));
  }
}

export class DuckDBWriter implements EngineWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly schema: string,
    private readonly path: string,
    readonly description: string,
  ) {}

  static async open(server: Server, options: WriterOptions): Promise<DuckDBWriter> {
    const path = resolve(options.baseDir, String(server.database ?? ''));
    // DuckDB would create an empty database: a path that names none is a mistake.
    if (!existsSync(path))
      throw new DataError('config', `no DuckDB database at ${path}`, 'check `database:` of the server (relative paths start at the contract file)');
    const instance = await openDuck(path, options.env);
    const connection = await instance.connect();
    try {
      const version = String((await run(connection, 'SELECT version()'))[0][0]).replace(/^v/, '');
      return new DuckDBWriter(instance, typeof server.schema === 'string' ? server.schema : 'main', path, `DuckDB ${version}`);
    } finally {
      connection.closeSync();
    }
  }

  private async statement(connection: DuckDBConnection, target: DeleteTarget, verb: 'SELECT count(*) FROM' | 'DELETE FROM'): Promise<DeleteCount> {
    const tables = (
      await run(connection, `SELECT table_name FROM information_schema.tables WHERE table_schema = ${d.string(this.schema)} AND table_type = 'BASE TABLE'`)
    ).map((r) => String(r[0]));
    const table = tables.find((t) => t === target.physicalName) ?? tables.find((t) => t.toLowerCase() === target.physicalName.toLowerCase());
    if (!table) throw new DataError('config', `no table ${this.schema}.${target.physicalName} in ${this.path}`);
    const relation = `${d.ident(this.schema)}.${d.ident(table)}`;
    const columns = (await run(connection, `SELECT column_name FROM (DESCRIBE ${relation})`)).map((r) => String(r[0]));
    const column = (name: string) => requireColumn(name, columns, relation);
    const rows = await run(connection, `${verb} ${relation} WHERE ${duckFilter(target.filter, column)}`);
    return { object: target.object, relation, rows: Number(rows[0]?.[0] ?? 0) };
  }

  private async each(targets: DeleteTarget[], verb: 'SELECT count(*) FROM' | 'DELETE FROM'): Promise<DeleteCount[]> {
    const connection = await this.instance.connect();
    const writing = verb === 'DELETE FROM';
    try {
      if (writing) await run(connection, 'BEGIN TRANSACTION');
      const out: DeleteCount[] = [];
      for (const t of targets) out.push(await this.statement(connection, t, verb));
      if (writing) await run(connection, 'COMMIT');
      return out;
    } catch (error) {
      if (writing) await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.closeSync();
    }
  }

  count(targets: DeleteTarget[]): Promise<DeleteCount[]> {
    return this.each(targets, 'SELECT count(*) FROM');
  }

  delete(targets: DeleteTarget[]): Promise<DeleteCount[]> {
    return this.each(targets, 'DELETE FROM');
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }
}
