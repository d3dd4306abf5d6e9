/** Consumers beyond products: the teams holding live grants on the output ports a breaking change affects, named at publish. */
import type { AffectedGrant, CatalogStore } from '../../catalog/store.js';
import { productRequests } from './read.js';
import { isLive } from './state.js';

export async function grantsOn(store: CatalogStore, productId: string, ports: string[], now = new Date()): Promise<AffectedGrant[]> {
  const requests = await productRequests(store, productId, now);
  return requests
    .filter((r) => isLive(r) && ports.includes(r.port))
    .map((r) => ({ grant: r.id, port: r.port, team: r.team, role: r.role, purpose: r.purpose, until: r.until }));
}
