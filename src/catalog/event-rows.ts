/**
 * Control events to and from database rows, and the WHERE clause of a filter, shared by both
 * backends (the same columns; list parameters as JSON text on SQLite, arrays on PostgreSQL).
 */
import type { LatestColumn } from './columns.js';
import type { ControlEvent, ControlFilter, ControlKind, NewControlEvent } from './events.js';
import { iso, json, text, type Row } from './rows.js';

export function toControlEvent(row: Row): ControlEvent {
  return {
    seq: Number(row.seq),
    stream: String(row.stream),
    position: Number(row.position),
    kind: String(row.kind) as ControlKind,
    type: String(row.type),
    productId: text(row.product_id),
    team: text(row.team),
    actor: String(row.actor),
    at: iso(row.at),
    data: json(row.data_json),
  };
}

/** Rows of the index of columns joined with their product and output ports (a row per port), one column each. */
export function toLatestColumns(rows: Row[]): LatestColumn[] {
  const out: LatestColumn[] = [];
  let last: Row | undefined;
  for (const r of rows) {
    if (last && r.column_key === last.column_key && r.product_id === last.product_id) {
      if (r.port !== null) out[out.length - 1].ports.push(String(r.port));
      continue;
    }
    last = r;
    out.push({
      productId: String(r.product_id),
      version: String(r.latest_version),
      team: text(r.team),
      contractId: String(r.contract_id),
      object: String(r.object),
      physicalObject: String(r.physical_object),
      name: String(r.name),
      column: String(r.column_name),
      kind: text(r.kind),
      ports: r.port === null || r.port === undefined ? [] : [String(r.port)],
    });
  }
  return out;
}

/** An event as the columns of its row, in the order of `EVENT_COLUMNS`. */
export function eventValues(event: NewControlEvent): unknown[] {
  return [event.stream, event.position, event.kind, event.type, event.productId, event.team, event.actor, event.at, JSON.stringify(event.data)];
}

export const EVENT_COLUMNS = 'stream, position, kind, type, product_id, team, actor, at, data_json';

/** The rows of `control_audience` an append adds: each team of each event's audience, once per stream. */
export function audienceRows(events: NewControlEvent[]): Array<{ stream: string; team: string }> {
  const seen = new Set<string>();
  const rows: Array<{ stream: string; team: string }> = [];
  for (const e of events) {
    for (const team of e.audience ?? []) {
      const key = JSON.stringify([e.stream, team]);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ stream: e.stream, team });
    }
  }
  return rows;
}

/** How a backend writes parameters: `@p1` (SQLite, named) or `$1` (PostgreSQL); lists as JSON text or arrays. */
export interface EventDialect {
  param(index: number): string;
  /** `column` is one of the list given as parameter `index`. */
  inList(column: string, index: number): string;
  /** A list parameter's value. */
  list(values: string[]): unknown;
  /** `column` starts with the text of parameter `index`. */
  startsWith(column: string, index: number): string;
}

/** The WHERE clause of a filter and its parameters, in order. */
export function filterClauses(filter: ControlFilter, dialect: EventDialect): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, values: string[] | undefined) => {
    if (values === undefined) return;
    params.push(dialect.list(values));
    parts.push(dialect.inList(column, params.length));
  };
  add('kind', filter.kinds);
  add('stream', filter.streams);
  add('product_id', filter.productIds);
  add('team', filter.teams);
  if (filter.streamPrefix !== undefined) {
    params.push(filter.streamPrefix);
    parts.push(dialect.startsWith('stream', params.length));
  }
  if (filter.ownedBy !== undefined) {
    params.push(filter.ownedBy);
    parts.push(`product_id IN (SELECT id FROM products WHERE team = ${dialect.param(params.length)})`);
  }
  if (filter.audience !== undefined) {
    params.push(filter.audience);
    parts.push(`stream IN (SELECT stream FROM control_audience WHERE team = ${dialect.param(params.length)})`);
  }
  if (filter.visibleTo !== undefined) {
    params.push(filter.visibleTo);
    const p = dialect.param(params.length);
    parts.push(
      `(team = ${p} OR product_id IN (SELECT id FROM products WHERE team = ${p}) OR stream IN (SELECT stream FROM control_audience WHERE team = ${p}))`,
    );
  }
  return { where: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}
