/**
 * `dp retention apply --server <name>`: for each object of the product's
 * contracts with a `retention` SLA, the rows older than the retention (by the
 * SLA's element, else the object's date or timestamp partition column: the
 * column `dp test` measures the oldest value of) are counted, then deleted.
 * The cutoff is taken once, at the start of the run, so that `dp test` right
 * after finds no row older than the retention.
 */
import { compileContract } from '../data/compile/index.js';
import type { SourceFile } from '../descriptor/source.js';
import type { Server } from '../descriptor/model.js';
import { writable } from '../data/write/open.js';
import type { DeleteTarget } from '../data/write/writer.js';
import { serverOf, type LocalProduct } from './local-product.js';
import type { Writers } from './engine/writers.js';

export interface RetentionWork {
  contract: SourceFile;
  contractId: string;
  server: Server;
  target: DeleteTarget;
  column: string;
  /** The retention in days, and the cutoff: rows older than it go. */
  days: number;
  rows?: number;
  relation?: string;
}

export interface RetentionPlan {
  work: RetentionWork[];
  /** What this run leaves, and why (no server of that name, forever, no element...). */
  left: Array<{ contractId: string; object?: string; why: string }>;
}

export function planRetention(product: LocalProduct, serverName: string, now: number): RetentionPlan {
  const plan: RetentionPlan = { work: [], left: [] };
  for (const [contractId, contract] of product.contracts) {
    const compiled = compileContract(contract, { now, personalPatterns: [] }, ['sla']);
    const retention = compiled.objects.flatMap((o) =>
      o.checks.filter((c) => c.measure.kind === 'age' && c.measure.of === 'oldest').map((c) => ({ object: o, check: c })),
    );
    const skipped = [...compiled.skipped, ...compiled.objects.flatMap((o) => o.skipped.map((s) => ({ ...s, object: o.name })))].filter((s) =>
      /^(retention|re)$/i.test(s.check),
    );
    for (const s of skipped) plan.left.push({ contractId, object: (s as { object?: string }).object, why: s.reason });
    if (retention.length === 0) continue;
    const server = serverOf(contract, serverName);
    if (!server || !writable(server)) {
      plan.left.push({
        contractId,
        why: server
          ? `server ${serverName} is of type ${String(server.type)}, where dp cannot delete rows`
          : `contract ${contractId} has no server ${serverName}`,
      });
      continue;
    }
    for (const { object, check } of retention) {
      const field = object.fields.find((f) => f.name === (check.measure as { field: string }).field)!;
      const seconds = Number(check.threshold.value);
      const before = new Date(now - seconds * 1000).toISOString();
      plan.work.push({
        contract,
        contractId,
        server,
        column: field.column,
        days: seconds / 86_400,
        target: { object: object.name, physicalName: object.physicalName, filter: { kind: 'older', column: field.column, before } },
      });
    }
  }
  return plan;
}

export async function countRetention(plan: RetentionPlan, writers: Writers): Promise<void> {
  for (const w of plan.work) {
    const [count] = await (await writers.of(w.contract, w.server)).count([w.target]);
    Object.assign(w, { rows: count.rows, relation: count.relation });
  }
}

/** Deletes the rows of every object of a contract in one transaction per engine. */
export async function executeRetention(plan: RetentionPlan, writers: Writers): Promise<void> {
  const groups = new Map<string, RetentionWork[]>();
  for (const w of plan.work) groups.set(w.contract.path, [...(groups.get(w.contract.path) ?? []), w]);
  for (const group of groups.values()) {
    const deleted = await (await writers.of(group[0].contract, group[0].server)).delete(group.map((w) => w.target));
    group.forEach((w, i) => Object.assign(w, { rows: deleted[i].rows, relation: deleted[i].relation }));
  }
}

/** What the catalog records of a run. */
export function retentionRecord(plan: RetentionPlan): Record<string, unknown> {
  return {
    objects: plan.work.map((w) => ({
      contractId: w.contractId,
      object: w.target.object,
      column: w.column,
      days: w.days,
      before: (w.target.filter as { before: string }).before,
      rows: w.rows ?? 0,
    })),
    left: plan.left,
  };
}
