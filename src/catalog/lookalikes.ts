/**
 * A new product whose id differs from an existing product's id (or from another new one of the
 * same run) only by case or by look-alike characters is refused: a reader of the catalog, a
 * consumer wiring an input port, would take one for the other. Existing products are not
 * checked again (their ids were accepted when they were new).
 */
import { lookalikeKeys } from '../descriptor/lookalike.js';
import { MAX_LIMIT } from './rows.js';
import type { Candidate, CatalogReader, Refusal } from './store.js';
import type { Plan } from './versioning.js';

async function allProductIds(reader: CatalogReader): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = await reader.listProducts({ limit: MAX_LIMIT, offset: ids.length });
    ids.push(...page.items.map((p) => p.id));
    if (page.items.length < MAX_LIMIT || ids.length >= page.total) return ids;
  }
}

function refusal(id: string, others: string[]): Refusal {
  const list = others.map((o) => `\`${o}\``).join(', ');
  return {
    code: 'id-lookalike',
    message: `${id}: its id differs from ${others.length === 1 ? 'the product' : 'the products'} ${list} only by case or look-alike characters; a reader would take one for the other`,
  };
}

/**
 * Turns the plans of new products (first version, to be published) whose id looks like another
 * product's into refusals. Reads the catalog's ids only when a run holds a new product.
 */
export async function refuseLookalikes(reader: CatalogReader, candidates: Candidate[], plans: Plan[]): Promise<void> {
  const fresh = candidates.flatMap((c, i) => (plans[i].status === 'publish' && plans[i].previousVersion === null ? [i] : []));
  if (fresh.length === 0) return;
  const byKey = new Map<string, Set<string>>();
  const add = (id: string) => {
    for (const key of lookalikeKeys(id)) byKey.set(key, (byKey.get(key) ?? new Set()).add(id));
  };
  for (const id of await allProductIds(reader)) add(id);
  for (const i of fresh) add(candidates[i].productId);
  for (const i of fresh) {
    const id = candidates[i].productId;
    const others = new Set(lookalikeKeys(id).flatMap((key) => [...byKey.get(key)!]));
    others.delete(id);
    if (others.size > 0) plans[i] = { ...plans[i], status: 'refused', refusals: [refusal(id, [...others].sort())] };
  }
}
