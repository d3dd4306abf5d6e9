/**
 * Deciding on the control plane's events: read the streams a decision rests
 * on, decide, append with the lengths that were read. When another writer got
 * there first the store answers `stale` and the decision is made again on what
 * is there now (a second approver then finds the request approved, say).
 */
import { randomBytes } from 'node:crypto';
import type { ControlAppend, ControlEvent, ControlKind, ControlStore, NewControlEvent } from '../catalog/events.js';
import { DpError } from '../errors.js';

const ATTEMPTS = 8;

/** A decision: what to append, and what to answer once it is stored. */
export interface Decision<T> {
  append: ControlAppend;
  result: (seqs: number[]) => T;
}

/** Runs `decide` until its append is stored on the state it read (or `decide` throws, refusing). */
export async function decideAndAppend<T>(store: ControlStore, decide: () => Promise<Decision<T>>): Promise<T> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const { append, result } = await decide();
    // A decision to store nothing (the request existed already) needs no write.
    if (append.events.length === 0 && !append.forgetSubjects?.length) return result([]);
    const stored = await store.appendControl(append);
    if (stored.status === 'appended') return result(stored.seqs);
  }
  throw new DpError('connection', 'other writers kept changing the same records of the control plane; nothing was stored', { hint: 'try again' });
}

/** A new id: a prefix and 10 hex digits (`acc_4f9a02c1d3`). */
export function newId(prefix: 'acc' | 'era'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export const ID_PATTERN = /^(acc|era)_[0-9a-f]{10}$/;

export const streams = {
  access: (id: string) => `access/${id}`,
  erasure: (id: string) => `erasure/${id}`,
  task: (requestId: string, productId: string) => `erasure-task/${requestId}/${productId}`,
  tasksOf: (requestId: string) => `erasure-task/${requestId}/`,
  engine: (productId: string, server: string, what: 'access' | 'retention') => `engine/${productId}/${what}/${server}`,
};

/** The events of a stream, grouped by stream from a list in seq order. */
export function byStream(events: ControlEvent[]): Map<string, ControlEvent[]> {
  const out = new Map<string, ControlEvent[]>();
  for (const e of events) {
    const list = out.get(e.stream);
    if (list) list.push(e);
    else out.set(e.stream, [e]);
  }
  return out;
}

/** The next event of a stream whose events so far are `events`; product and team stay those of the stream. */
export function nextEvent(
  stream: string,
  kind: ControlKind,
  events: ControlEvent[],
  fields: { type: string; actor: string; at: string; data: Record<string, unknown>; productId?: string | null; team?: string | null; audience?: string[] },
): NewControlEvent {
  const first = events[0];
  return {
    ...(fields.audience && fields.audience.length > 0 ? { audience: fields.audience } : {}),
    stream,
    position: events.length,
    kind,
    type: fields.type,
    productId: fields.productId ?? first?.productId ?? null,
    team: fields.team ?? first?.team ?? null,
    actor: fields.actor,
    at: fields.at,
    data: fields.data,
  };
}
