/**
 * `dp access audit`: what the platform flags about access, from the catalog alone:
 * - `too-many-grants`: an output port with more live grants than the policy allows
 *   (a product granted to 80 groups is no longer access control);
 * - `restricted-without-purpose`: a live grant on a port whose latest contract holds
 *   restricted data, given without a purpose (the data became restricted after the grant);
 * - `expired-still-applied`: a grant that is no longer live (expired, revoked) but was
 *   part of the last `dp access apply` on a server: the engine still gives the access.
 */
import type { ControlEvent } from '../../catalog/events.js';
import type { CatalogStore } from '../../catalog/store.js';
import { isAdmin, teamOf, type Actor } from '../actor.js';
import { byStream } from '../log.js';
import { portContract, restrictedFields } from '../port.js';
import type { ControlSettings } from '../settings.js';
import { foldRequests, visibleAccessEvents } from './read.js';
import { isLive, type AccessRequest } from './state.js';

export type AuditCheck = 'too-many-grants' | 'restricted-without-purpose' | 'expired-still-applied';

export interface AuditFinding {
  check: AuditCheck;
  productId: string;
  port: string;
  message: string;
  /** The access requests concerned. */
  grants: string[];
  server?: string;
}

function tooManyGrants(requests: AccessRequest[], max: number): AuditFinding[] {
  const byPort = new Map<string, AccessRequest[]>();
  for (const r of requests.filter(isLive)) byPort.set(`${r.productId}:${r.port}`, [...(byPort.get(`${r.productId}:${r.port}`) ?? []), r]);
  return [...byPort.values()]
    .filter((list) => list.length > max)
    .map((list) => ({
      check: 'too-many-grants',
      productId: list[0].productId,
      port: list[0].port,
      message: `${list.length} live grants, more than the ${max} the policy allows (control.access.maxGrantsPerPort)`,
      grants: list.map((r) => r.id),
    }));
}

async function restrictedWithoutPurpose(store: CatalogStore, requests: AccessRequest[], settings: ControlSettings): Promise<AuditFinding[]> {
  const live = requests.filter((r) => isLive(r) && r.purpose === null);
  const latest = await store.latestVersions([...new Set(live.map((r) => r.productId))]);
  return live.flatMap((r): AuditFinding[] => {
    const found = latest.get(r.productId) && portContract(latest.get(r.productId)!, r.port);
    const fields = found ? restrictedFields(found.contract, settings.restrictedClassifications) : [];
    if (fields.length === 0) return [];
    return [
      {
        check: 'restricted-without-purpose',
        productId: r.productId,
        port: r.port,
        message: `${r.team} holds ${r.role} (${r.id}) without a purpose, and the port now holds restricted data (${fields.slice(0, 3).join(', ')})`,
        grants: [r.id],
      },
    ];
  });
}

/** Grants in the last apply of each server that are no longer live. */
function stillApplied(engine: ControlEvent[], requests: Map<string, AccessRequest>): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const events of byStream(engine).values()) {
    const last = events.filter((e) => e.type === 'applied').pop();
    if (!last) continue;
    const members = Array.isArray(last.data.members) ? (last.data.members as Array<{ grant: string; port: string; team: string; role: string }>) : [];
    for (const m of members) {
      const r = requests.get(m.grant);
      if (r && !isLive(r)) {
        findings.push({
          check: 'expired-still-applied',
          productId: last.productId ?? '',
          port: m.port,
          server: String(last.data.server),
          grants: [r.id],
          message: `${r.team} still holds ${m.role} on server ${String(last.data.server)} (applied ${last.at}) though ${r.id} is ${r.state}: run dp access apply --server ${String(last.data.server)}`,
        });
      }
    }
  }
  return findings;
}

export async function auditAccess(store: CatalogStore, actor: Actor, settings: ControlSettings, now: Date): Promise<AuditFinding[]> {
  // An owner audits its own products; an admin (or local writer) the whole catalog.
  const team = isAdmin(actor) ? undefined : teamOf(actor);
  const events = await visibleAccessEvents(store, actor, { ownedBy: team });
  const requests = foldRequests(events, now);
  const engine = await store.controlEvents({ kinds: ['engine'], ownedBy: team });
  const accessApplies = engine.filter((e) => e.stream.includes('/access/'));
  return [
    ...tooManyGrants(requests, settings.maxGrantsPerPort),
    ...(await restrictedWithoutPurpose(store, requests, settings)),
    ...stillApplied(accessApplies, new Map(requests.map((r) => [r.id, r]))),
  ];
}
