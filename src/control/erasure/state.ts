/**
 * Erasure requests and their tasks, computed from their events:
 *
 *     request:  requested -> closed (when its last task is done; the subject's identifier is forgotten then)
 *     task:     created -> applied (dp erase apply, per object, with row counts; done once every object was)
 *                       -> confirmed (dp erase confirm: the product erased by other means)
 *
 * A task is overdue when it is not done and its deadline has passed.
 */
import type { ControlEvent } from '../../catalog/events.js';
import type { TaskObject } from './resolve.js';

export type TaskStatus = 'done' | 'pending' | 'overdue';

export interface ErasedObject {
  contractId: string;
  object: string;
  rows: number;
  server: string;
  at: string;
}

export interface ErasureTask {
  /** `<request>:<product>`. */
  id: string;
  requestId: string;
  productId: string;
  team: string | null;
  kind: string;
  reason: string;
  deadline: string;
  createdAt: string;
  objects: TaskObject[];
  via: string[];
  erased: ErasedObject[];
  confirmation: { at: string; actor: string; note: string } | null;
  status: TaskStatus;
  /** When it was done (its last applied or its confirmation). */
  doneAt: string | null;
}

export interface ErasureRequest {
  id: string;
  kind: string;
  /** sha256 of `salt:kind:identifier`: what the audit trail keeps of the subject. */
  subjectHash: string;
  salt: string;
  reason: string;
  deadline: string;
  requestedAt: string;
  requestedBy: string;
  closedAt: string | null;
  tasks: ErasureTask[];
}

export const taskId = (requestId: string, productId: string): string => `${requestId}:${productId}`;

const objectKey = (o: { contractId: string; object: string }) => `${o.contractId}\u0000${o.object}`;

export function erasureTask(events: ControlEvent[], now: Date): ErasureTask {
  const [first, ...rest] = events;
  const d = first.data;
  const task: ErasureTask = {
    id: taskId(String(d.request), first.productId ?? ''),
    requestId: String(d.request),
    productId: first.productId ?? '',
    team: first.team,
    kind: String(d.kind),
    reason: String(d.reason),
    deadline: String(d.deadline),
    createdAt: first.at,
    objects: (d.objects as TaskObject[]) ?? [],
    via: Array.isArray(d.via) ? d.via.map(String) : [],
    erased: [],
    confirmation: null,
    status: 'pending',
    doneAt: null,
  };
  for (const e of rest) {
    if (e.type === 'applied') {
      for (const o of (e.data.objects as Array<{ contractId: string; object: string; rows: number }>) ?? [])
        task.erased.push({ ...o, server: String(e.data.server), at: e.at });
      if (isCovered(task)) task.doneAt ??= e.at;
    } else if (e.type === 'confirmed') {
      task.confirmation = { at: e.at, actor: e.actor, note: String(e.data.note ?? '') };
      task.doneAt ??= e.at;
    }
  }
  task.status = task.doneAt !== null ? 'done' : Date.parse(task.deadline) < now.getTime() ? 'overdue' : 'pending';
  return task;
}

/** Every object of the task was erased by an apply. */
function isCovered(task: ErasureTask): boolean {
  const erased = new Set(task.erased.map(objectKey));
  return task.objects.every((o) => erased.has(objectKey(o)));
}

/** The objects of a task not erased yet. */
export function remainingObjects(task: ErasureTask): TaskObject[] {
  const erased = new Set(task.erased.map(objectKey));
  return task.objects.filter((o) => !erased.has(objectKey(o)));
}

export function erasureRequest(events: ControlEvent[], tasks: ErasureTask[]): ErasureRequest {
  const [first, ...rest] = events;
  const d = first.data;
  return {
    id: first.stream.slice('erasure/'.length),
    kind: String(d.kind),
    subjectHash: String(d.subjectHash),
    salt: String(d.salt),
    reason: String(d.reason),
    deadline: String(d.deadline),
    requestedAt: first.at,
    requestedBy: first.actor,
    closedAt: rest.find((e) => e.type === 'closed')?.at ?? null,
    tasks,
  };
}
