/** The index of columns on PostgreSQL (src/catalog/columns.ts): writers serialise on the control plane's advisory lock. */
import type { Pool } from 'pg';
import { columnRows, INDEX_BATCH, type LatestColumn } from '../columns.js';
import { json, type Row } from '../rows.js';
import { toLatestColumns } from '../event-rows.js';
import { explainPgError } from './connect.js';
import { CONTROL_LOCK } from './migrations.js';

// One row per column and output port publishing its contract (usually one); grouped by toLatestColumns.
const LATEST = `SELECT p.id AS product_id, p.latest_version, p.team, c.ctid::text AS column_key, c.contract_id, c.object, c.physical_object, c.name, c.column_name, c.kind, o.name AS port
  FROM version_columns c JOIN products p ON p.latest_seq = c.version_seq
  LEFT JOIN ports o ON o.version_seq = c.version_seq AND o.direction = 'output' AND o.contract_id = c.contract_id`;

const SQL = {
  cursor: "SELECT (SELECT seq FROM control_cursors WHERE name = 'columns') AS cursor, (SELECT coalesce(max(seq), 0) FROM versions) AS head",
  versionsSince: 'SELECT seq, contracts_json FROM versions WHERE seq > $1 ORDER BY seq LIMIT $2',
  insert: `INSERT INTO version_columns (version_seq, contract_id, object, physical_object, name, column_name, kind)
    SELECT * FROM json_to_recordset($1::json) AS c (version_seq bigint, contract_id text, object text, physical_object text, name text, column_name text, kind text)`,
  advance: "INSERT INTO control_cursors (name, seq) VALUES ('columns', $1) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
  byKind: `${LATEST} WHERE c.kind = ANY($1::text[]) ORDER BY p.id, c.ctid, o.position`,
  byName: `${LATEST} WHERE c.column_name = ANY($1::text[]) OR c.name = ANY($1::text[]) ORDER BY p.id, c.ctid, o.position`,
  kinds: 'SELECT DISTINCT c.kind FROM version_columns c JOIN products p ON p.latest_seq = c.version_seq WHERE c.kind IS NOT NULL ORDER BY 1',
};

export class PostgresColumns {
  constructor(
    private readonly pool: Pool,
    private readonly url: string,
  ) {}

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (error) {
      throw explainPgError(error, this.url);
    }
  }

  /** One batch of versions indexed in one transaction under the lock; how many. */
  private async batch(): Promise<number> {
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(explainPgError(error, this.url)));
    try {
      await client.query('BEGIN READ WRITE');
      await client.query('SELECT pg_advisory_xact_lock($1)', [CONTROL_LOCK]);
      const cursor = Number((await client.query(SQL.cursor)).rows[0].cursor ?? 0);
      const versions = (await client.query(SQL.versionsSince, [cursor, INDEX_BATCH])).rows as Row[];
      const rows = versions.flatMap((v) =>
        columnRows(json(v.contracts_json)).map((c) => ({
          version_seq: v.seq,
          contract_id: c.contractId,
          object: c.object,
          physical_object: c.physicalObject,
          name: c.name,
          column_name: c.column,
          kind: c.kind,
        })),
      );
      if (rows.length > 0) await client.query(SQL.insert, [JSON.stringify(rows)]);
      if (versions.length > 0) await client.query(SQL.advance, [versions[versions.length - 1].seq]);
      await client.query('COMMIT');
      return versions.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw explainPgError(error, this.url);
    } finally {
      client.release();
    }
  }

  async indexColumns(): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ cursor, head }] = await this.rows(SQL.cursor);
      if (Number(cursor ?? 0) >= Number(head)) return total;
      const n = await this.batch();
      total += n;
      if (n === 0) return total;
    }
  }

  async latestColumns(filter: { kinds?: string[]; names?: string[] }): Promise<LatestColumn[]> {
    const rows: Row[] = [];
    if (filter.kinds) rows.push(...(await this.rows(SQL.byKind, [filter.kinds])));
    if (filter.names) rows.push(...(await this.rows(SQL.byName, [filter.names])));
    return toLatestColumns(rows);
  }

  async declaredKinds(): Promise<string[]> {
    return (await this.rows(SQL.kinds)).map((r) => String(r.kind));
  }
}
