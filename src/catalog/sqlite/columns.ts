/** The index of columns on SQLite (src/catalog/columns.ts). */
import { columnRows, INDEX_BATCH, type LatestColumn } from '../columns.js';
import { toLatestColumns } from '../event-rows.js';
import { json, type Row } from '../rows.js';
import type { Db } from './connect.js';
import { inWriteTransaction } from './write-lock.js';

// One row per column and output port publishing its contract (usually one); grouped by toLatestColumns.
const LATEST = `SELECT p.id AS product_id, p.latest_version, p.team, c.rowid AS column_key, c.contract_id, c.object, c.physical_object, c.name, c.column_name, c.kind, o.name AS port
  FROM version_columns c JOIN products p ON p.latest_seq = c.version_seq
  LEFT JOIN ports o ON o.version_seq = c.version_seq AND o.direction = 'output' AND o.contract_id = c.contract_id`;

const SQL = {
  cursor: "SELECT (SELECT seq FROM control_cursors WHERE name = 'columns') AS cursor, (SELECT coalesce(max(seq), 0) FROM versions) AS head",
  versionsSince: 'SELECT seq, contracts_json FROM versions WHERE seq > ? ORDER BY seq LIMIT ?',
  insert: 'INSERT INTO version_columns (version_seq, contract_id, object, physical_object, name, column_name, kind) VALUES (?, ?, ?, ?, ?, ?, ?)',
  advance: "INSERT INTO control_cursors (name, seq) VALUES ('columns', ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
  byKind: `${LATEST} WHERE c.kind IN (SELECT value FROM json_each(?)) ORDER BY p.id, c.rowid, o.position`,
  byName: `${LATEST} WHERE c.column_name IN (SELECT value FROM json_each(@names)) OR c.name IN (SELECT value FROM json_each(@names)) ORDER BY p.id, c.rowid, o.position`,
  kinds: 'SELECT DISTINCT c.kind FROM version_columns c JOIN products p ON p.latest_seq = c.version_seq WHERE c.kind IS NOT NULL ORDER BY 1',
};

export class SqliteColumns {
  constructor(
    private readonly db: Db,
    private readonly location: string,
  ) {}

  /** One batch of versions indexed, in one write transaction; how many. */
  private batch(): number {
    const cursor = Number((this.db.prepare(SQL.cursor).get() as Row).cursor ?? 0);
    const versions = this.db.prepare(SQL.versionsSince).all(cursor, INDEX_BATCH) as Row[];
    const insert = this.db.prepare(SQL.insert);
    for (const v of versions) {
      for (const c of columnRows(json(v.contracts_json))) insert.run(v.seq, c.contractId, c.object, c.physicalObject, c.name, c.column, c.kind);
    }
    if (versions.length > 0) this.db.prepare(SQL.advance).run(versions[versions.length - 1].seq);
    return versions.length;
  }

  async indexColumns(): Promise<number> {
    let total = 0;
    for (;;) {
      // Nothing new: no write lock taken.
      const { cursor, head } = this.db.prepare(SQL.cursor).get() as Row;
      if (Number(cursor ?? 0) >= Number(head)) return total;
      const n = await inWriteTransaction(this.db, this.location, () => this.batch());
      total += n;
      if (n === 0) return total;
    }
  }

  latestColumns(filter: { kinds?: string[]; names?: string[] }): LatestColumn[] {
    const rows: Row[] = [];
    if (filter.kinds) rows.push(...(this.db.prepare(SQL.byKind).all(JSON.stringify(filter.kinds)) as Row[]));
    if (filter.names) rows.push(...(this.db.prepare(SQL.byName).all({ names: JSON.stringify(filter.names) }) as Row[]));
    return toLatestColumns(rows);
  }

  declaredKinds(): string[] {
    return (this.db.prepare(SQL.kinds).all() as Row[]).map((r) => String(r.kind));
  }
}
