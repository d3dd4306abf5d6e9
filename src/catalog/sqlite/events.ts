/** The control plane's storage on SQLite (see src/catalog/events.ts). */
import {
  checkAppend,
  type ControlAppend,
  type ControlAppendResult,
  type ControlEvent,
  type ControlFilter,
  type ControlStore,
  type ErasureSubject,
} from '../events.js';
import { audienceRows, EVENT_COLUMNS, eventValues, filterClauses, toControlEvent, type EventDialect } from '../event-rows.js';
import type { Row } from '../rows.js';
import { explainSqliteError, type Db } from './connect.js';
import type { Statement } from 'better-sqlite3';
import { inWriteTransaction } from './write-lock.js';
import { SqliteColumns } from './columns.js';
import type { LatestColumn } from '../columns.js';

const DIALECT: EventDialect = {
  param: (i) => `@p${i}`,
  inList: (column, i) => `${column} IN (SELECT value FROM json_each(@p${i}))`,
  list: (values) => JSON.stringify(values),
  // Names compare as bytes: the prefix and everything after it that still starts with it.
  startsWith: (column, i) => `${column} >= @p${i} AND ${column} < @p${i} || char(1114111)`,
};

const SQL = {
  lengths: 'SELECT stream, max(position) + 1 AS n FROM control_events WHERE stream IN (SELECT value FROM json_each(?)) GROUP BY stream',
  insert: `INSERT INTO control_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  audience: 'INSERT OR IGNORE INTO control_audience (stream, team) VALUES (?, ?)',
  keep: 'INSERT INTO erasure_subjects (request_id, kind, value) VALUES (?, ?, ?)',
  forget: 'DELETE FROM erasure_subjects WHERE request_id = ?',
  subjects: 'SELECT request_id, kind, value FROM erasure_subjects WHERE request_id IN (SELECT value FROM json_each(?))',
  stamp: 'SELECT coalesce(max(seq), 0) AS stamp FROM control_events',
};

export class SqliteControl implements ControlStore {
  private readonly columns: SqliteColumns;
  /** Prepared statements by SQL text: a filter's few shapes are prepared once (a server reads events on every signed-in page). */
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly location: string,
  ) {
    this.columns = new SqliteColumns(db, location);
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(explainSqliteError(error, this.location));
    }
  }

  async appendControl(append: ControlAppend): Promise<ControlAppendResult> {
    checkAppend(append);
    const forgetting = (append.forgetSubjects ?? []).length > 0;
    // Forgotten identifiers are overwritten in the file, not only unlinked.
    if (forgetting) this.db.pragma('secure_delete = ON');
    try {
      const result = await inWriteTransaction(this.db, this.location, () => this.store(append));
      // The write-ahead log still holds the pages as they were: empty it once every reader is past them.
      if (forgetting && result.status === 'appended') this.db.pragma('wal_checkpoint(TRUNCATE)');
      return result;
    } finally {
      if (forgetting) this.db.pragma('secure_delete = OFF');
    }
  }

  private store(append: ControlAppend): ControlAppendResult {
    const rows = this.db.prepare(SQL.lengths).all(JSON.stringify(append.expect.map((e) => e.stream))) as Array<{ stream: string; n: number }>;
    const lengths = new Map(rows.map((r) => [r.stream, r.n]));
    if (append.expect.some((e) => (lengths.get(e.stream) ?? 0) !== e.length)) return { status: 'stale' };
    const insert = this.db.prepare(SQL.insert);
    const seqs = append.events.map((e) => Number(insert.run(...eventValues(e)).lastInsertRowid));
    const audience = this.db.prepare(SQL.audience);
    for (const a of audienceRows(append.events)) audience.run(a.stream, a.team);
    const keep = this.db.prepare(SQL.keep);
    for (const s of append.keepSubjects ?? []) keep.run(s.requestId, s.kind, s.value);
    const forget = this.db.prepare(SQL.forget);
    for (const id of append.forgetSubjects ?? []) forget.run(id);
    return { status: 'appended', seqs };
  }

  controlEvents(filter: ControlFilter): Promise<ControlEvent[]> {
    return this.run(() => {
      const { where, params } = filterClauses(filter, DIALECT);
      const named = Object.fromEntries(params.map((v, i) => [`p${i + 1}`, v]));
      const statement = this.statement(`SELECT seq, ${EVENT_COLUMNS} FROM control_events ${where} ORDER BY seq`);
      const rows = (params.length > 0 ? statement.all(named) : statement.all()) as Row[];
      return rows.map(toControlEvent);
    });
  }

  controlStamp(): Promise<string> {
    return this.run(() => String((this.statement(SQL.stamp).get() as { stamp: number }).stamp));
  }

  erasureSubjects(requestIds: string[]): Promise<Map<string, ErasureSubject>> {
    return this.run(() => {
      const rows = this.db.prepare(SQL.subjects).all(JSON.stringify(requestIds)) as Row[];
      return new Map(rows.map((r) => [String(r.request_id), { requestId: String(r.request_id), kind: String(r.kind), value: String(r.value) }]));
    });
  }

  indexColumns(): Promise<number> {
    return this.columns.indexColumns();
  }

  latestColumns(filter: { kinds?: string[]; names?: string[] }): Promise<LatestColumn[]> {
    return this.run(() => this.columns.latestColumns(filter));
  }

  declaredKinds(): Promise<string[]> {
    return this.run(() => this.columns.declaredKinds());
  }
}
