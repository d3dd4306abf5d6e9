/**
 * Deleting rows from files (ODCS `type: local`: Parquet, CSV or JSON, globs,
 * `{object}` in the path). Files cannot be deleted from in place, so a file
 * holding rows to delete is rewritten without them: every file of a call is
 * first written beside itself under a hidden name (nothing has changed if that
 * fails), then each is renamed over its original, which is atomic per file.
 * A crash between two renames leaves some files rewritten and others not; the
 * delete is idempotent, so running it again finishes the work. Files without
 * such rows are not touched. A rewritten CSV file gets DuckDB's quoting and a
 * header line; a JSON file becomes one object per line.
 */
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Server } from '../../descriptor/model.js';
import { DataError } from '../connectors/connector.js';
import { FORMATS } from '../connectors/duckdb.js';
import { duckdbDialect as d } from '../sql/duckdb.js';
import { duckFilter, openDuck, run } from './duckdb.js';
import type { WriterOptions } from './postgres.js';
import { requireColumn, type DeleteCount, type DeleteTarget, type EngineWriter } from './writer.js';

const COPY_FORMAT: Record<string, string> = {
  parquet: 'FORMAT PARQUET',
  csv: 'FORMAT CSV, HEADER',
  json: 'FORMAT JSON',
  ndjson: 'FORMAT JSON',
  jsonl: 'FORMAT JSON',
};

interface FileCount {
  file: string;
  rows: number;
  /** The condition on the file's columns. */
  condition: string;
}

export class FilesWriter implements EngineWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly server: Server,
    private readonly format: string,
    private readonly baseDir: string,
    readonly description: string,
  ) {}

  static async open(server: Server, options: WriterOptions): Promise<FilesWriter> {
    const format = String(server.format ?? '').toLowerCase();
    if (!FORMATS[format])
      throw new DataError(
        'config',
        `format \`${String(server.format)}\` of server \`${server.server}\` cannot be rewritten (dp rewrites ${Object.keys(COPY_FORMAT).join(', ')})`,
      );
    const instance = await openDuck(':memory:', options.env);
    return new FilesWriter(instance, server, format, options.baseDir, `${format} files through DuckDB`);
  }

  private read(file: string): string {
    return `${FORMATS[this.format]}([${d.string(file)}]${this.format === 'csv' ? ', header = true' : ''})`;
  }

  private async files(connection: DuckDBConnection, target: DeleteTarget): Promise<string[]> {
    const pattern = String(this.server.path ?? '')
      .split('{object}')
      .join(target.physicalName);
    const path = isAbsolute(pattern) ? pattern : resolve(this.baseDir, pattern);
    return (await run(connection, `SELECT file FROM glob(${d.string(path)}) ORDER BY file`)).map((r) => String(r[0]));
  }

  /** The rows to delete in each file of a target. */
  private async countFiles(connection: DuckDBConnection, target: DeleteTarget): Promise<FileCount[]> {
    const out: FileCount[] = [];
    for (const file of await this.files(connection, target)) {
      const columns = (await run(connection, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${this.read(file)})`)).map((r) => String(r[0]));
      const condition = duckFilter(target.filter, (name) => requireColumn(name, columns, file));
      out.push({ file, condition, rows: Number((await run(connection, `SELECT count(*) FROM ${this.read(file)} WHERE ${condition}`))[0][0]) });
    }
    return out;
  }

  private async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  private relation(target: DeleteTarget, files: FileCount[]): string {
    return files.length === 1 ? files[0].file : `${files.length} files for ${target.physicalName}`;
  }

  count(targets: DeleteTarget[]): Promise<DeleteCount[]> {
    return this.withConnection(async (connection) => {
      const out: DeleteCount[] = [];
      for (const t of targets) {
        const files = await this.countFiles(connection, t);
        out.push({ object: t.object, relation: this.relation(t, files), rows: files.reduce((n, f) => n + f.rows, 0) });
      }
      return out;
    });
  }

  delete(targets: DeleteTarget[]): Promise<DeleteCount[]> {
    return this.withConnection(async (connection) => {
      const staged: Array<{ file: string; temp: string }> = [];
      try {
        const out: DeleteCount[] = [];
        for (const t of targets) {
          const files = await this.countFiles(connection, t);
          for (const f of files.filter((x) => x.rows > 0)) {
            const temp = join(dirname(f.file), `.dp-rewrite-${process.pid}-${basename(f.file)}`);
            staged.push({ file: f.file, temp });
            await run(
              connection,
              `COPY (SELECT * FROM ${this.read(f.file)} WHERE NOT coalesce(${f.condition}, false)) TO ${d.string(temp)} (${COPY_FORMAT[this.format]})`,
            );
          }
          out.push({ object: t.object, relation: this.relation(t, files), rows: files.reduce((n, f) => n + f.rows, 0) });
        }
        while (staged.length > 0) {
          renameSync(staged[0].temp, staged[0].file);
          staged.shift();
        }
        return out;
      } finally {
        for (const s of staged) rmSync(s.temp, { force: true });
      }
    });
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }
}
