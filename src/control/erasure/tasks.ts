/**
 * A product's side of erasure: its open tasks with the subject's identifier
 * (`dp erase pending`), and recording what was done (`dp erase apply` records
 * the rows erased per object, `dp erase confirm` a product that erased by its
 * own means). When the last task of a request is done, the request closes and
 * the catalog forgets the identifier in the same transaction.
 */
import type { ControlEvent, NewControlEvent } from '../../catalog/events.js';
import type { CatalogStore } from '../../catalog/store.js';
import { actorName, invalid, missing, type Actor } from '../actor.js';
import { byStream, decideAndAppend, nextEvent, streams } from '../log.js';
import { cleanText, requiredText } from '../text.js';
import { productTasks } from './read.js';
import { erasureTask, remainingObjects, type ErasureTask } from './state.js';

export interface PendingTask extends ErasureTask {
  /** The subject's identifier: what to erase. */
  subject: string;
}

export async function pendingTasks(store: CatalogStore, actor: Actor, productId: string, now: Date): Promise<PendingTask[]> {
  const open = (await productTasks(store, actor, productId, now)).filter((t) => t.status !== 'done');
  const subjects = await store.erasureSubjects(open.map((t) => t.requestId));
  return open.filter((t) => subjects.has(t.requestId)).map((t) => ({ ...t, subject: subjects.get(t.requestId)!.value }));
}

export type TaskRecord =
  | { kind: 'applied'; server: string; serverType: string; objects: Array<{ contractId: string; object: string; rows: number }> }
  | { kind: 'confirmed'; note?: string };

export interface RecordOutcome {
  task: ErasureTask;
  /** The task was done already: nothing was recorded. */
  unchanged: boolean;
  /** This closed the request: its identifier is forgotten. */
  closedRequest: boolean;
}

function parseTaskId(id: string): { requestId: string; productId: string } {
  const at = id.indexOf(':');
  if (at < 0) throw invalid(`"${id}" is not a task id`, 'a task id is <request>:<product>, as dp erase pending shows it');
  return { requestId: id.slice(0, at), productId: id.slice(at + 1) };
}

function eventOf(task: ErasureTask, events: ControlEvent[], record: TaskRecord, actor: Actor, at: string): NewControlEvent {
  if (record.kind === 'confirmed') {
    const note = requiredText(record.note, 'note', 500, 'dp erase confirm <task> --note "erased from the CRM export by hand"');
    return nextEvent(events[0].stream, 'erasure-task', events, { type: 'confirmed', actor: actorName(actor), at, data: { note } });
  }
  const known = new Set(task.objects.map((o) => `${o.contractId}\u0000${o.object}`));
  const unknown = record.objects.filter((o) => !known.has(`${o.contractId}\u0000${o.object}`));
  if (unknown.length > 0) throw invalid(`task ${task.id} has no object ${unknown.map((o) => `${o.contractId}/${o.object}`).join(', ')}`);
  if (record.objects.some((o) => !Number.isInteger(o.rows) || o.rows < 0)) throw invalid('rows erased must be whole numbers');
  return nextEvent(events[0].stream, 'erasure-task', events, {
    type: 'applied',
    actor: actorName(actor),
    at,
    data: {
      server: cleanText(record.server, 'server', 200),
      serverType: record.serverType,
      objects: record.objects,
      rows: record.objects.reduce((n, o) => n + o.rows, 0),
    },
  });
}

export async function recordTask(store: CatalogStore, actor: Actor, id: string, record: TaskRecord, now: Date): Promise<RecordOutcome> {
  const { requestId, productId } = parseTaskId(id);
  return decideAndAppend<RecordOutcome>(store, async () => {
    // The owning team's check, and the task as it is now.
    const mine = (await productTasks(store, actor, productId, now)).find((t) => t.requestId === requestId);
    if (!mine) throw missing(`no erasure task ${id} in the catalog`, `dp erase pending --product ${productId} lists its open tasks`);
    if (mine.status === 'done') return { append: { events: [], expect: [] }, result: () => ({ task: mine, unchanged: true, closedRequest: false }) };
    const all = byStream(await store.controlEvents({ streamPrefix: streams.tasksOf(requestId) }));
    const own = all.get(streams.task(requestId, productId))!;
    const event = eventOf(mine, own, record, actor, now.toISOString());
    const task = erasureTask([...own, { ...event, seq: 0 }], now);
    const othersDone = [...all.entries()].every(([stream, list]) => stream === event.stream || erasureTask(list, now).status === 'done');
    const closes = task.status === 'done' && othersDone;
    const requestStream = streams.erasure(requestId);
    const requestEvents = closes ? await store.controlEvents({ streams: [requestStream] }) : [];
    const close = closes
      ? [nextEvent(requestStream, 'erasure', requestEvents, { type: 'closed', actor: actorName(actor), at: now.toISOString(), data: { lastTask: id } })]
      : [];
    return {
      append: {
        events: [event, ...close],
        // Every task of the request as read: a task closing at the same moment makes one of the two decide again.
        expect: [
          ...[...all.entries()].map(([stream, list]) => ({ stream, length: list.length })),
          ...(closes ? [{ stream: requestStream, length: requestEvents.length }] : []),
        ],
        forgetSubjects: closes ? [requestId] : undefined,
      },
      result: () => ({ task, unchanged: false, closedRequest: closes }),
    };
  });
}

export { remainingObjects };
