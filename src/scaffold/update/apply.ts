/**
 * Writing a merge: its outcome as a write plan (the files it changes, creates and removes, and
 * dp's records), applied as dp init applies one: staged, then moved into place under a journal
 * that the next dp command rolls back if this one is killed half way. The previous content of
 * every file the team had changed and the merge rewrites is kept in `.dp/backup/<time>/`.
 */
import { ANSWERS_RECORD, BASE_STORE, GENERATED_RECORD } from '../../descriptor/derived/record.js';
import { baseText, recordText } from '../generated.js';
import type { Plan, PlanEntry } from '../plan.js';
import type { Rendered } from '../types.js';
import { applyPlan, type Applied } from '../write.js';
import type { ProductMerge } from './merge-product.js';
import { readOurs } from './reconcile.js';

const WRITES = new Set(['create', 'update', 'merge', 'conflict']);

/** dp's own files: written whenever they differ. */
function recordsOf(merge: ProductMerge): Rendered {
  const out: Rendered = new Map();
  if (merge.answersRecord !== undefined) out.set(ANSWERS_RECORD, merge.answersRecord);
  out.set(GENERATED_RECORD, recordText(merge.record));
  out.set(BASE_STORE, baseText(merge.base, merge.facts));
  return out;
}

export function planFor(target: string, merge: ProductMerge): Plan {
  const files: Rendered = new Map();
  const entries: PlanEntry[] = [];
  for (const e of merge.entries) {
    if (WRITES.has(e.action)) {
      files.set(e.path, e.content!);
      const exists = readOurs(target, e.path) !== undefined;
      entries.push({ path: e.path, action: exists ? 'overwrite' : 'create', bytes: Buffer.byteLength(e.content!), keep: exists && e.teamChanged });
    } else if (e.action === 'remove') entries.push({ path: e.path, action: 'remove', bytes: 0 });
  }
  for (const [path, content] of recordsOf(merge)) {
    const before = readOurs(target, path);
    if (before === content) continue;
    files.set(path, content);
    entries.push({ path, action: before === undefined ? 'create' : 'overwrite', bytes: Buffer.byteLength(content) });
  }
  return { target, exists: true, merge: true, entries, files };
}

export async function applyMerge(plan: Plan): Promise<Applied> {
  if (plan.entries.length === 0) return { kept: [] };
  return applyPlan(plan);
}
