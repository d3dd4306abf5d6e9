/**
 * `dp erase apply --server <name>`: a product's open erasure tasks executed on
 * its data. Each object of a task (published in the catalog: its table and the
 * columns holding the identifier) is found in the working copy's contract,
 * whose server of that name says where the data is. Counts come first; then
 * each task's deletes run in one transaction per engine, and the rows erased
 * are recorded in the catalog as the task's `applied` event.
 *
 * Objects whose contract has no such server, or one dp cannot write to
 * (a Kafka topic, an API), are listed as left: the task stays open until the
 * product erases them by its own means and says so (`dp erase confirm`).
 */
import type { Server } from '../../descriptor/model.js';
import type { SourceFile } from '../../descriptor/source.js';
import type { DeleteTarget } from '../../data/write/writer.js';
import { writable } from '../../data/write/open.js';
import { serverOf, type LocalProduct } from '../local-product.js';
import type { Writers } from '../engine/writers.js';
import type { TaskObject } from './resolve.js';
import { remainingObjects } from './state.js';
import type { PendingTask } from './tasks.js';

export interface ObjectWork {
  object: TaskObject;
  contract: SourceFile;
  server: Server;
  target: DeleteTarget;
  /** Rows holding the identifier, once counted; rows erased, once applied. */
  rows?: number;
  relation?: string;
}

export interface TaskWork {
  task: PendingTask;
  work: ObjectWork[];
  /** Objects this run cannot erase, with why. */
  left: Array<{ object: TaskObject; why: string }>;
}

export function planErasure(tasks: PendingTask[], product: LocalProduct, serverName: string): TaskWork[] {
  return tasks.map((task) => {
    const plan: TaskWork = { task, work: [], left: [] };
    for (const object of remainingObjects(task)) {
      const contract = product.contracts.get(object.contractId);
      const server = contract && serverOf(contract, serverName);
      if (!contract) plan.left.push({ object, why: `no contract ${object.contractId} in ${product.dir}/contracts` });
      else if (!server) plan.left.push({ object, why: `contract ${object.contractId} has no server ${serverName}` });
      else if (!writable(server)) plan.left.push({ object, why: `server ${serverName} is of type ${String(server.type)}, where dp cannot delete rows` });
      else
        plan.work.push({
          object,
          contract,
          server,
          target: { object: object.object, physicalName: object.physicalObject, filter: { kind: 'subject', columns: object.columns, value: task.subject } },
        });
    }
    return plan;
  });
}

/** The work of a task grouped by engine (contract and server): one transaction each. */
function byEngine(work: ObjectWork[]): ObjectWork[][] {
  const groups = new Map<string, ObjectWork[]>();
  for (const w of work) groups.set(`${w.contract.path}\u0000${w.server.server}`, [...(groups.get(`${w.contract.path}\u0000${w.server.server}`) ?? []), w]);
  return [...groups.values()];
}

/** Counts the rows each object would lose (reads only). */
export async function countErasure(plans: TaskWork[], writers: Writers): Promise<void> {
  for (const plan of plans) {
    for (const group of byEngine(plan.work)) {
      const counts = await (await writers.of(group[0].contract, group[0].server)).count(group.map((w) => w.target));
      group.forEach((w, i) => Object.assign(w, { rows: counts[i].rows, relation: counts[i].relation }));
    }
  }
}

/** Deletes a task's rows, one transaction per engine; the rows erased are set on its work. */
export async function executeErasure(plan: TaskWork, writers: Writers): Promise<void> {
  for (const group of byEngine(plan.work)) {
    const erased = await (await writers.of(group[0].contract, group[0].server)).delete(group.map((w) => w.target));
    group.forEach((w, i) => Object.assign(w, { rows: erased[i].rows, relation: erased[i].relation }));
  }
}
