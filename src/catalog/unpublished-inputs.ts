/**
 * A version whose input port reads a contract id that no product publishes is refused: the
 * consumer would be wired to nothing (a placeholder left from `dp init`, a typo, a producer
 * not published yet). A contract counts as published when an output port of some product's
 * latest version in the catalog, or of another product of the same run, declares it. Input
 * ports that read an operational source are not checked (see descriptor/input-ports.ts).
 * Shared by `dp publish` and the catalog server.
 */
import { outputContractIds, productInputs } from '../descriptor/input-ports.js';
import type { Candidate, CatalogReader, Refusal } from './store.js';
import type { Plan } from './versioning.js';

function refusal(productId: string, missing: Array<{ name: string; contractId: string }>): Refusal {
  const list = missing.map((m) => `\`${m.name}\` (reads \`${m.contractId}\`)`).join(', ');
  const ports = missing.length === 1 ? 'input port' : 'input ports';
  return {
    code: 'input-unpublished',
    message: `${productId}: ${ports} ${list}: no product in the catalog publishes ${missing.length === 1 ? 'that contract' : 'those contracts'} (no output port of a latest version declares it); publish the producer first, or correct the contract id`,
  };
}

export async function refuseUnpublishedInputs(reader: CatalogReader, candidates: Candidate[], plans: Plan[]): Promise<void> {
  const pending = candidates.flatMap((c, i) => (plans[i].status === 'publish' ? [i] : []));
  const wanted = new Map(pending.map((i) => [i, productInputs(candidates[i].documents.descriptor.value)]));
  const ids = [...new Set([...wanted.values()].flat().map((p) => p.contractId))];
  if (ids.length === 0) return;
  // What the run itself publishes (or has published already) counts: a producer and its consumer published together.
  const inRun = new Set(candidates.flatMap((c, i) => (plans[i].status === 'refused' ? [] : outputContractIds(c.documents.descriptor.value))));
  const published = await reader.contractPublishers(ids.filter((id) => !inRun.has(id)));
  for (const i of pending) {
    const missing = wanted
      .get(i)!
      .filter((p) => !inRun.has(p.contractId) && !published.has(p.contractId))
      .map((p) => ({ name: p.port.name, contractId: p.contractId }));
    if (missing.length > 0) plans[i] = { ...plans[i], status: 'refused', refusals: [refusal(candidates[i].productId, missing)] };
  }
}
