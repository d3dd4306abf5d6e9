/**
 * The control plane's storage: append-only events in the catalog (access
 * requests and grants, erasure requests and their tasks, what was applied on
 * an engine), and the one thing that is not append-only, the identifiers of
 * data subjects while their erasure tasks are open.
 *
 * Events are grouped in streams (one access request, one erasure request, one
 * erasure task, the applies of one product on one server); an event's
 * `position` is its place in its stream. What a stream means now (a grant's
 * state, a task's) is computed from its events by src/control/, never stored.
 *
 * Guarantees every backend gives:
 * - Events are immutable: no method updates or deletes them, and the database
 *   refuses UPDATE and DELETE on them (triggers).
 * - `appendControl` is atomic (every event and subject change of one call, or
 *   nothing) and serialised against other control writers; it stores nothing
 *   and answers `stale` when a stream it expects has grown meanwhile
 *   (optimistic concurrency: the caller reads again and decides again).
 *   `UNIQUE (stream, position)` backs this up.
 * - A subject identifier, once forgotten, is gone from the table (SQLite
 *   overwrites deleted content: `secure_delete`).
 */
import type { LatestColumn } from './columns.js';

/** The kinds of streams: one access request, one erasure request, one erasure task, one product's applies on one server. */
export type ControlKind = 'access' | 'erasure' | 'erasure-task' | 'engine';

export interface ControlEvent {
  /** Order of the events in the catalog (grows with every append, by any process). */
  seq: number;
  stream: string;
  /** Place of the event in its stream, from 0. */
  position: number;
  kind: ControlKind;
  /** What happened: `requested`, `approved`, `applied`... */
  type: string;
  /** The product the stream is about (null for an erasure request, which concerns many). */
  productId: string | null;
  /** The team the stream belongs to: the requesting team of an access request, the owning team of a task. */
  team: string | null;
  /** Who did it: a token (`team player-team (token 1a2b)`), or the name of a local writer. */
  actor: string;
  /** ISO 8601, UTC. */
  at: string;
  data: Record<string, unknown>;
}

export interface NewControlEvent extends Omit<ControlEvent, 'seq'> {
  /**
   * Teams besides the stream's own that take part in it (the second-level approvers of an access
   * request): stored beside the event (`control_audience`), so that `ControlFilter.audience` finds
   * their streams by an index.
   */
  audience?: string[];
}

/** A data subject's identifier, kept while an erasure request has open tasks. */
export interface ErasureSubject {
  requestId: string;
  /** The kind of subject (`customer`), as contracts declare it. */
  kind: string;
  value: string;
}

export interface ControlAppend {
  events: NewControlEvent[];
  /**
   * Streams whose length the decision depended on: nothing is stored when one of them has grown
   * since. Every stream appended to must be listed, with the position of its first new event.
   */
  expect: Array<{ stream: string; length: number }>;
  /** Identifiers to keep with new erasure requests. */
  keepSubjects?: ErasureSubject[];
  /** Erasure requests whose identifiers are forgotten (their last task closed). */
  forgetSubjects?: string[];
}

export type ControlAppendResult = { status: 'appended'; seqs: number[] } | { status: 'stale' };

/** Which events to read; every criterion given must hold. */
export interface ControlFilter {
  kinds?: ControlKind[];
  streams?: string[];
  /** Streams whose name starts with this. */
  streamPrefix?: string;
  productIds?: string[];
  teams?: string[];
  /** Events about products whose latest version names this team (the owning team now). */
  ownedBy?: string;
  /** Events of the streams this team takes part in (`NewControlEvent.audience`). */
  audience?: string;
  /** Events of the streams this team may read: its own (`team`), those about products it owns now, and those it takes part in. */
  visibleTo?: string;
}

/** What a catalog store offers the control plane. */
export interface ControlStore {
  appendControl(append: ControlAppend): Promise<ControlAppendResult>;
  /** Events matching the filter, in the order they were stored. */
  controlEvents(filter: ControlFilter): Promise<ControlEvent[]>;
  /**
   * A value that grows whenever events are appended, by any process, and never changes otherwise
   * (the newest event's `seq`, in decimal; `0` without events): one indexed lookup.
   */
  controlStamp(): Promise<string>;
  /** The identifiers still kept for these erasure requests. */
  erasureSubjects(requestIds: string[]): Promise<Map<string, ErasureSubject>>;
  /** Adds the versions appended since the last call to the index of columns (src/catalog/columns.ts); how many. */
  indexColumns(): Promise<number>;
  /** Indexed columns of the latest versions that identify one of these kinds, or are named (name or column) one of these names. */
  latestColumns(filter: { kinds?: string[]; names?: string[] }): Promise<LatestColumn[]>;
  /** Every kind of data subject the latest versions declare. */
  declaredKinds(): Promise<string[]>;
}

/** Checks an append before storing it: each stream appended to is expected, its events follow on from that length. */
export function checkAppend(append: ControlAppend): void {
  const next = new Map(append.expect.map((e) => [e.stream, e.length]));
  for (const event of append.events) {
    const position = next.get(event.stream);
    if (position === undefined || event.position !== position) {
      throw new Error(`control event ${event.stream}#${event.position} does not follow its stream's expected length`);
    }
    next.set(event.stream, position + 1);
  }
}

/**
 * A store's control plane methods, answered by the backend's own `ControlStore` (`control`): the
 * store classes extend it, so that the storage of events stays in its own files.
 */
export abstract class ControlDelegate implements ControlStore {
  protected abstract readonly control: ControlStore;

  appendControl(append: ControlAppend): Promise<ControlAppendResult> {
    return this.control.appendControl(append);
  }

  controlEvents(filter: ControlFilter): Promise<ControlEvent[]> {
    return this.control.controlEvents(filter);
  }

  controlStamp(): Promise<string> {
    return this.control.controlStamp();
  }

  erasureSubjects(requestIds: string[]): Promise<Map<string, ErasureSubject>> {
    return this.control.erasureSubjects(requestIds);
  }

  indexColumns(): Promise<number> {
    return this.control.indexColumns();
  }

  latestColumns(filter: { kinds?: string[]; names?: string[] }): Promise<LatestColumn[]> {
    return this.control.latestColumns(filter);
  }

  declaredKinds(): Promise<string[]> {
    return this.control.declaredKinds();
  }
}
