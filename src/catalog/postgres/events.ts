/** The control plane's storage on PostgreSQL (see src/catalog/events.ts): writers serialise on an advisory lock. */
import type { Pool } from 'pg';
import {
  checkAppend,
  type ControlAppend,
  type ControlAppendResult,
  type ControlEvent,
  type ControlFilter,
  type ControlStore,
  type ErasureSubject,
} from '../events.js';
import { audienceRows, EVENT_COLUMNS, filterClauses, toControlEvent, type EventDialect } from '../event-rows.js';
import type { Row } from '../rows.js';
import { explainPgError } from './connect.js';
import { CONTROL_LOCK } from './migrations.js';
import { PostgresColumns } from './columns.js';
import type { LatestColumn } from '../columns.js';

const DIALECT: EventDialect = {
  param: (i) => `$${i}`,
  inList: (column, i) => `${column} = ANY($${i}::text[])`,
  list: (values) => values,
  startsWith: (column, i) => `starts_with(${column}, $${i})`,
};

const SQL = {
  lengths: 'SELECT stream, max(position) + 1 AS n FROM control_events WHERE stream = ANY($1::text[]) GROUP BY stream',
  // One JSON document for the whole append: far cheaper to send and read than nine arrays (10,000 events: 0.15 s against 0.8 s).
  insert: `INSERT INTO control_events (${EVENT_COLUMNS})
    SELECT e.stream, e.position, e.kind, e.type, e.product_id, e.team, e.actor, e.at, e.data
    FROM json_to_recordset($1::json) AS e (i int, stream text, position int, kind text, type text, product_id text, team text, actor text, at timestamptz, data json)
    ORDER BY e.i
    RETURNING seq`,
  audience: 'INSERT INTO control_audience (stream, team) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
  keep: 'INSERT INTO erasure_subjects (request_id, kind, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
  forget: 'DELETE FROM erasure_subjects WHERE request_id = ANY($1::text[])',
  subjects: 'SELECT request_id, kind, value FROM erasure_subjects WHERE request_id = ANY($1::text[])',
  stamp: 'SELECT coalesce(max(seq), 0)::text AS stamp FROM control_events',
};

/** The events as one JSON array of records (one INSERT for the whole append), in order. */
function records(append: ControlAppend): string {
  return JSON.stringify(
    append.events.map((e, i) => ({
      i,
      stream: e.stream,
      position: e.position,
      kind: e.kind,
      type: e.type,
      product_id: e.productId,
      team: e.team,
      actor: e.actor,
      at: e.at,
      data: e.data,
    })),
  );
}

export class PostgresControl implements ControlStore {
  private readonly columns: PostgresColumns;

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
  ) {
    this.columns = new PostgresColumns(pool, url);
  }

  private async rows(sql: string, params: unknown[]): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (error) {
      throw explainPgError(error, this.url);
    }
  }

  async appendControl(append: ControlAppend): Promise<ControlAppendResult> {
    checkAppend(append);
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(explainPgError(error, this.url)));
    try {
      await client.query('BEGIN READ WRITE');
      await client.query('SELECT pg_advisory_xact_lock($1)', [CONTROL_LOCK]);
      const lengths = new Map((await client.query(SQL.lengths, [append.expect.map((e) => e.stream)])).rows.map((r) => [String(r.stream), Number(r.n)]));
      if (append.expect.some((e) => (lengths.get(e.stream) ?? 0) !== e.length)) {
        await client.query('ROLLBACK');
        return { status: 'stale' };
      }
      const seqs = append.events.length > 0 ? (await client.query(SQL.insert, [records(append)])).rows.map((r) => Number(r.seq)) : [];
      const audience = audienceRows(append.events);
      if (audience.length > 0) await client.query(SQL.audience, [audience.map((a) => a.stream), audience.map((a) => a.team)]);
      const keep = append.keepSubjects ?? [];
      if (keep.length > 0) await client.query(SQL.keep, [keep.map((s) => s.requestId), keep.map((s) => s.kind), keep.map((s) => s.value)]);
      if ((append.forgetSubjects ?? []).length > 0) await client.query(SQL.forget, [append.forgetSubjects]);
      await client.query('COMMIT');
      return { status: 'appended', seqs };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw explainPgError(error, this.url);
    } finally {
      client.release();
    }
  }

  async controlEvents(filter: ControlFilter): Promise<ControlEvent[]> {
    const { where, params } = filterClauses(filter, DIALECT);
    return (await this.rows(`SELECT seq, ${EVENT_COLUMNS} FROM control_events ${where} ORDER BY seq`, params)).map(toControlEvent);
  }

  async controlStamp(): Promise<string> {
    return String((await this.rows(SQL.stamp, []))[0].stamp);
  }

  async erasureSubjects(requestIds: string[]): Promise<Map<string, ErasureSubject>> {
    const rows = await this.rows(SQL.subjects, [requestIds]);
    return new Map(rows.map((r) => [String(r.request_id), { requestId: String(r.request_id), kind: String(r.kind), value: String(r.value) }]));
  }

  indexColumns(): Promise<number> {
    return this.columns.indexColumns();
  }

  latestColumns(filter: { kinds?: string[]; names?: string[] }): Promise<LatestColumn[]> {
    return this.columns.latestColumns(filter);
  }

  declaredKinds(): Promise<string[]> {
    return this.columns.declaredKinds();
  }
}
