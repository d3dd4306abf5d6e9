/**
 * An access request and the grant it becomes, computed from its events:
 *
 *     requested -> approved (level 1) [-> approved (level 2), when the role names second-level approvers]
 *               -> denied (at either level)
 *     approved  -> revoked (by the owning team, the requesting team or an admin)
 *     approved  -> expired (its end date passed: computed, no event)
 *
 * A pending request can also be revoked (withdrawn). Nothing is ever changed in
 * place: each step is an event with who, when and why.
 */
import type { ControlEvent } from '../../catalog/events.js';

export type AccessState = 'pending' | 'pending-second' | 'approved' | 'denied' | 'revoked' | 'expired';

export interface AccessStep {
  type: string;
  at: string;
  actor: string;
  level?: number;
  reason?: string;
}

export interface AccessRequest {
  id: string;
  productId: string;
  port: string;
  role: string;
  /** What the role gives (`read`, `write`...), from the contract. */
  access: string;
  /** The requesting (consumer) team. */
  team: string;
  purpose: string | null;
  /** End of the grant (ISO time, exclusive); null: until revoked. */
  until: string | null;
  contractId: string;
  productVersion: string;
  /** Approvals needed: 2 when the role names second-level approvers. */
  levels: number;
  secondLevelApprovers: string[];
  /** The port held restricted data when it was requested. */
  restricted: boolean;
  state: AccessState;
  requestedAt: string;
  requestedBy: string;
  /** Actors of the approvals so far (a second approval comes from another actor). */
  approvedBy: string[];
  history: AccessStep[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The request of a stream's events (in order), as of `now`. */
export function accessRequest(events: ControlEvent[], now: Date): AccessRequest {
  const [first, ...rest] = events;
  const d = first.data;
  const request: AccessRequest = {
    id: first.stream.slice('access/'.length),
    productId: first.productId ?? '',
    port: String(d.port),
    role: String(d.role),
    access: String(d.access ?? 'read'),
    team: first.team ?? '',
    purpose: str(d.purpose),
    until: str(d.until),
    contractId: String(d.contractId),
    productVersion: String(d.productVersion),
    levels: Number(d.levels ?? 1),
    secondLevelApprovers: Array.isArray(d.secondLevelApprovers) ? d.secondLevelApprovers.map(String) : [],
    restricted: d.restricted === true,
    state: 'pending',
    requestedAt: first.at,
    requestedBy: first.actor,
    approvedBy: [],
    history: [{ type: 'requested', at: first.at, actor: first.actor, reason: str(d.purpose) ?? undefined }],
  };
  for (const e of rest) {
    const level = typeof e.data.level === 'number' ? e.data.level : undefined;
    request.history.push({ type: e.type, at: e.at, actor: e.actor, level, reason: str(e.data.reason) ?? undefined });
    if (e.type === 'approved') {
      request.approvedBy.push(e.actor);
      request.state = request.approvedBy.length >= request.levels ? 'approved' : 'pending-second';
    } else if (e.type === 'denied') request.state = 'denied';
    else if (e.type === 'revoked') request.state = 'revoked';
  }
  if (request.state === 'approved' && request.until !== null && Date.parse(request.until) <= now.getTime()) request.state = 'expired';
  return request;
}

/** A grant gives access now. */
export const isLive = (r: AccessRequest): boolean => r.state === 'approved';

/** The level the next approval would be (1 or 2), for a request still pending. */
export const nextLevel = (r: AccessRequest): number => r.approvedBy.length + 1;

/** When the request last changed (its last event). */
export const lastChange = (r: AccessRequest): string => r.history[r.history.length - 1].at;
