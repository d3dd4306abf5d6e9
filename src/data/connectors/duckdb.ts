/**
 * DuckDB, embedded: files on the local disk (ODCS `type: local`: Parquet, CSV
 * or JSON, globs, `{object}` in the path) become one view per object in an
 * in-memory database; a DuckDB database file (`type: duckdb`) is opened
 * read-only. Once the data is bound, access to any other file is switched off
 * and the configuration locked, so a rule can neither read nor write elsewhere.
 */
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Server } from '../../descriptor/model.js';
import { isInside } from '../../descriptor/read-file.js';
import type { ObjectPlan } from '../plan.js';
import { duckdbDialect } from '../sql/duckdb.js';
import type { BoundObject } from '../sql/query.js';
import type { Known } from '../sql/scan.js';
import type { Aggregate } from '../types.js';
import { parquetMetadata } from './parquet-metadata.js';
import { DataError, jsonSafe, type Connector, type ConnectorOptions, type EngineColumn, type Located, type Rows, type Session } from './connector.js';

type DuckDB = typeof import('@duckdb/node-api');

export const FORMATS: Record<string, string> = { parquet: 'read_parquet', csv: 'read_csv', json: 'read_json', ndjson: 'read_json', jsonl: 'read_json' };
const q = duckdbDialect.ident;
const s = duckdbDialect.string;

export function settings(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    memory_limit: env.DP_DUCKDB_MEMORY_LIMIT || '2GB',
    temp_directory: join(tmpdir(), `dp-duckdb-${process.pid}`),
    preserve_insertion_order: 'false',
    ...(env.DP_DUCKDB_THREADS ? { threads: env.DP_DUCKDB_THREADS } : {}),
  };
}

/** A file whose real path (links followed) leaves the root, or undefined when every file stays inside. */
function outside(root: string | undefined, files: string[]): string | undefined {
  if (root === undefined) return undefined;
  return files.find((f) => !isInside(root, existsSync(f) ? realpathSync(f) : f));
}

const EXTERNAL_HINT = 'dp test reads data inside the repository of the contract only; pass --external-data to read it';

export function cleanMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/^[A-Za-z ]+ Error: /, '');
}

class DuckSession implements Session {
  constructor(
    private readonly duck: DuckDB,
    private readonly connection: DuckDBConnection,
    private readonly timeoutMs: number,
  ) {}

  async query(sql: string): Promise<Rows> {
    const timer = setTimeout(() => this.connection.interrupt(), this.timeoutMs);
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowsJS().map((row) => row.map(jsonSafe));
    } catch (error) {
      const message = cleanMessage(error);
      if (/interrupt/i.test(message))
        throw new DataError(
          'timeout',
          `the query ran longer than ${this.timeoutMs / 1000} s and was stopped`,
          'raise --timeout, or test less data with --since',
        );
      throw new DataError('query', message);
    } finally {
      clearTimeout(timer);
    }
  }

  async verifyReadOnly(sql: string): Promise<string | undefined> {
    const extracted = await this.connection.extractStatements(sql);
    if (extracted.count !== 1) return `the query holds ${extracted.count} statements; a rule is one SELECT`;
    const prepared = await extracted.prepare(0);
    try {
      return prepared.statementType === this.duck.StatementType.SELECT
        ? undefined
        : `the query is a ${this.duck.StatementType[prepared.statementType]} statement, not a SELECT`;
    } finally {
      prepared.destroySync();
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
  }
}

export class DuckDBConnector implements Connector {
  readonly dialect = duckdbDialect;
  readonly description: string;
  private readonly located = new Map<string, Located>();
  /** The Parquet files bound to each object, whose footers may answer some aggregates. */
  private readonly parquetFiles = new Map<string, string[]>();

  private constructor(
    private readonly duck: DuckDB,
    private readonly instance: DuckDBInstance,
    private readonly schema: string | undefined,
    private readonly options: ConnectorOptions,
    version: string,
  ) {
    this.description = `DuckDB ${version}`;
  }

  static async open(server: Server, plans: ObjectPlan[], options: ConnectorOptions): Promise<DuckDBConnector> {
    const duck = (await import('@duckdb/node-api')) as DuckDB;
    const local = server.type === 'local';
    const database = local ? ':memory:' : resolve(options.baseDir, String(server.database ?? ''));
    if (!local && outside(options.root, [database]))
      throw new DataError('config', `the DuckDB database ${database} lies outside the repository (${options.root})`, EXTERNAL_HINT);
    let instance: DuckDBInstance;
    try {
      instance = await duck.DuckDBInstance.create(database, { ...settings(options.env), ...(local ? {} : { access_mode: 'READ_ONLY' }) });
    } catch (error) {
      throw new DataError(
        'connection',
        `cannot open the DuckDB database ${database}: ${cleanMessage(error)}`,
        'check `database:` of the server (relative paths start at the contract file)',
      );
    }
    const connection = await instance.connect();
    let opened = false;
    try {
      const version = String((await connection.runAndReadAll('SELECT version()')).getRows()[0][0]);
      const connector = new DuckDBConnector(
        duck,
        instance,
        local ? undefined : typeof server.schema === 'string' ? server.schema : 'main',
        options,
        version.replace(/^v/, ''),
      );
      await connection.run("SET GLOBAL TimeZone = 'UTC'");
      const files = local ? await connector.bindFiles(connection, server, plans) : [];
      await connection.run(`SET allowed_paths = [${files.map(s).join(', ')}]`);
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
      opened = true;
      return connector;
    } finally {
      connection.closeSync();
      if (!opened) instance.closeSync();
    }
  }

  /** One view per object over the files its path matches; returns every file bound. */
  private async bindFiles(connection: DuckDBConnection, server: Server, plans: ObjectPlan[]): Promise<string[]> {
    const format = String(server.format ?? '').toLowerCase();
    const reader = FORMATS[format];
    if (!reader)
      throw new DataError(
        'config',
        `format \`${String(server.format)}\` of server \`${server.server}\` cannot be read (dp reads ${Object.keys(FORMATS).join(', ')})`,
      );
    const all: string[] = [];
    for (const plan of plans) {
      const pattern = String(server.path ?? '')
        .split('{object}')
        .join(plan.physicalName);
      const path = isAbsolute(pattern) ? pattern : resolve(this.options.baseDir, pattern);
      const files = (await connection.runAndReadAll(`SELECT file FROM glob(${s(path)}) ORDER BY file`)).getRows().map((r) => String(r[0]));
      if (files.length === 0) {
        this.located.set(plan.name, { missing: `no file matches ${path}` });
        continue;
      }
      const escaping = outside(this.options.root, files);
      if (escaping)
        throw new DataError('config', `${escaping}, read by server \`${server.server}\`, lies outside the repository (${this.options.root})`, EXTERNAL_HINT);
      const view = q(plan.name);
      const options = format === 'csv' ? ', header = true' : '';
      try {
        await connection.run(`CREATE VIEW ${view} AS SELECT * FROM ${reader}([${files.map(s).join(', ')}], union_by_name = true${options})`);
        this.located.set(plan.name, { relation: view, columns: await this.describe(connection, view) });
        if (format === 'parquet') this.parquetFiles.set(plan.name, files);
        all.push(...files);
      } catch (error) {
        this.located.set(plan.name, {
          missing: `cannot read ${files.length === 1 ? files[0] : `the ${files.length} files matching ${path}`} as ${format}: ${cleanMessage(error)}`,
        });
      }
    }
    return all;
  }

  private async describe(connection: DuckDBConnection, relation: string): Promise<EngineColumn[]> {
    const rows = (await connection.runAndReadAll(`DESCRIBE ${relation}`)).getRowObjectsJS();
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  async locate(plan: ObjectPlan): Promise<Located> {
    if (this.schema === undefined) return this.located.get(plan.name) ?? { missing: 'not bound' };
    const connection = await this.instance.connect();
    try {
      const tables = (await connection.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_schema = ${s(this.schema)}`))
        .getRows()
        .map((r) => String(r[0]));
      const name = tables.find((t) => t === plan.physicalName) ?? tables.find((t) => t.toLowerCase() === plan.physicalName.toLowerCase());
      if (!name) return { missing: `no table ${this.schema}.${plan.physicalName} in the database` };
      const relation = `${q(this.schema)}.${q(name)}`;
      return { relation, columns: await this.describe(connection, relation) };
    } finally {
      connection.closeSync();
    }
  }

  async metadata(session: Session, bound: BoundObject, aggregates: readonly Aggregate[]): Promise<Known> {
    const files = this.parquetFiles.get(bound.plan.name);
    const off = /^(off|false|0|no)$/i.test(this.options.env.DP_PARQUET_STATISTICS ?? '');
    return files && !off ? parquetMetadata(session, this.dialect, files, bound, aggregates) : new Map();
  }

  async session(): Promise<Session> {
    return new DuckSession(this.duck, await this.instance.connect(), this.options.timeoutMs);
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }
}
