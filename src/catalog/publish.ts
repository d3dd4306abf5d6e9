/**
 * Publishing candidates to a store: plan each version with the rules of
 * versioning.ts, append the accepted ones under optimistic concurrency, and
 * re-plan the ones another publisher overtook in the meantime. Shared by
 * `dp publish` and the catalog server, so both apply the same rules, with the
 * caller's identity for the rules of ownership (src/catalog/ownership.ts).
 */
import { digestOf } from './canonical.js';
import { refuseLookalikes } from './lookalikes.js';
import { ownershipRefusal, type Caller } from './ownership.js';
import { refuseUnpublishedInputs } from './unpublished-inputs.js';
import { newVersion } from './record.js';
import type { Candidate, CatalogStore, ExistingVersion, NewVersion, PublishOptions, PublishOutcome, Refusal, VersionRecord } from './store.js';
import { planVersion, type Plan } from './versioning.js';

/** Re-planning rounds when concurrent publishers keep overtaking this one. */
const MAX_ROUNDS = 12;

/** Before planning again: a random pause, longer each round (up to 64 ms), so that contenders fall out of step. */
function backoff(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(64, 2 ** round)));
}

interface Entry {
  index: number;
  candidate: Candidate;
  digest: string;
}

function outcome(entry: Entry, plan: Plan, status: PublishOutcome['status']): PublishOutcome {
  const { candidate, digest } = entry;
  return {
    productId: candidate.productId,
    version: candidate.version,
    digest,
    status,
    previousVersion: plan.previousVersion,
    changes: plan.changes,
    refusals: plan.refusals,
    affectedConsumers: [],
    source: candidate.source,
  };
}

function refused(entry: Entry, refusal: Refusal): PublishOutcome {
  return outcome(entry, { status: 'refused', previousVersion: null, changes: [], refusals: [refusal], affectedPorts: [] }, 'refused');
}

/** A product id offered twice in one run is refused (both times) unless it is the very same version. */
function splitDuplicates(entries: Entry[], results: PublishOutcome[]): Entry[] {
  const byId = new Map<string, Entry[]>();
  for (const e of entries) byId.set(e.candidate.productId, [...(byId.get(e.candidate.productId) ?? []), e]);
  const keep: Entry[] = [];
  for (const group of byId.values()) {
    const same = group.every((e) => e.candidate.version === group[0].candidate.version && e.digest === group[0].digest);
    if (same) {
      keep.push(group[0]);
      continue;
    }
    const where = group.map((e) => e.candidate.source ?? `${e.candidate.productId}@${e.candidate.version}`).join(', ');
    for (const e of group)
      results[e.index] = refused(e, {
        code: 'duplicate-product',
        message: `product ${e.candidate.productId} is offered more than once with different content: ${where}`,
      });
  }
  return keep;
}

interface Asker {
  caller: Caller;
  transferOwnership: boolean;
}

/** The versioning rules, then the rules of ownership for a version that would be stored. */
function planOne(entry: Entry, latest: VersionRecord | undefined, existing: ExistingVersion | undefined, asker: Asker): Plan {
  const plan = planVersion(entry.candidate, entry.digest, latest, existing);
  if (plan.status === 'unchanged') return plan;
  const refusal = ownershipRefusal(entry.candidate, latest, asker.caller, asker.transferOwnership);
  return refusal ? { ...plan, status: 'refused', refusals: [refusal, ...plan.refusals] } : plan;
}

async function planRound(store: CatalogStore, pending: Entry[], asker: Asker): Promise<Plan[]> {
  const key = (e: Entry) => `${e.candidate.productId}@${e.candidate.version}`;
  const existing = await store.digestsOf(pending.map((e) => ({ productId: e.candidate.productId, version: e.candidate.version })));
  // Full latest records (documents, for the diff) only for products whose version is new.
  const needLatest = pending.filter((e) => !existing.has(key(e))).map((e) => e.candidate.productId);
  const latest = needLatest.length > 0 ? await store.latestVersions(needLatest) : new Map<string, VersionRecord>();
  return pending.map((e) => planOne(e, latest.get(e.candidate.productId), existing.get(key(e)), asker));
}

async function attachConsumers(store: CatalogStore, plans: Map<number, Plan>, results: PublishOutcome[], grantsOn: PublishOptions['grantsOn']): Promise<void> {
  for (const [index, plan] of plans) {
    if (plan.affectedPorts.length === 0 || results[index].status === 'published' || results[index].status === 'unchanged') continue;
    const edges = await store.consumers(results[index].productId);
    results[index].affectedConsumers = edges.filter((e) => plan.affectedPorts.includes(e.from.port));
    if (grantsOn) results[index].affectedGrants = await grantsOn(store, results[index].productId, plan.affectedPorts);
  }
}

export async function publishToStore(store: CatalogStore, candidates: Candidate[], options: PublishOptions, caller: Caller): Promise<PublishOutcome[]> {
  const now = options.now ?? (() => new Date());
  const asker = { caller, transferOwnership: Boolean(options.transferOwnership) };
  const results: PublishOutcome[] = new Array(candidates.length);
  const plans = new Map<number, Plan>();
  let pending = splitDuplicates(
    candidates.map((candidate, index) => ({ index, candidate, digest: candidate.digest ?? digestOf(candidate.documents) })),
    results,
  );
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round += 1) {
    if (round > 0) await backoff(round);
    const planned = await planRound(store, pending, asker);
    await refuseLookalikes(
      store,
      pending.map((e) => e.candidate),
      planned,
    );
    await refuseUnpublishedInputs(
      store,
      pending.map((e) => e.candidate),
      planned,
    );
    const toAppend: Array<[Entry, Plan, NewVersion]> = [];
    const publishedAt = now().toISOString();
    pending.forEach((entry, i) => {
      const plan = planned[i];
      plans.set(entry.index, plan);
      if (plan.status !== 'publish') results[entry.index] = outcome(entry, plan, plan.status);
      else if (options.dryRun) results[entry.index] = outcome(entry, plan, 'would-publish');
      else {
        const facts = { digest: entry.digest, publisher: options.publisher, publishedAt, previousVersion: plan.previousVersion, changes: plan.changes };
        const version = newVersion(entry.candidate, facts);
        toAppend.push([entry, plan, version]);
      }
    });
    const appended = toAppend.length > 0 ? await store.append(toAppend.map(([, , v]) => v)) : [];
    pending = [];
    appended.forEach((result, i) => {
      const [entry, plan] = toAppend[i];
      if (result.status === 'appended') results[entry.index] = outcome(entry, plan, 'published');
      else pending.push(entry); // overtaken by another publisher: plan again against the new latest
    });
  }
  for (const entry of pending) {
    results[entry.index] = refused(entry, {
      code: 'conflict',
      message: `${entry.candidate.productId}: other publishers kept changing this product; try again`,
    });
  }
  await attachConsumers(store, plans, results, options.grantsOn);
  return results;
}
