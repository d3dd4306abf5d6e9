/** A consumer team asks for a role of an output port's contract, with a purpose and an optional end date. */
import type { CatalogStore } from '../../catalog/store.js';
import { actorName, forbidden, invalid, isAdmin, teamOf, type Actor } from '../actor.js';
import { decideAndAppend, newId, nextEvent, streams } from '../log.js';
import { readPort } from '../port.js';
import type { ControlSettings } from '../settings.js';
import { parseEndDate } from '../dates.js';
import { cleanText } from '../text.js';
import { productRequests } from './read.js';
import { accessRequest, type AccessRequest } from './state.js';

export interface AccessRequestInput {
  productId: string;
  port: string;
  role: string;
  purpose?: string;
  /** A date (`2026-06-30`, the grant holds through that day, UTC) or an ISO time. */
  until?: string;
  /** The requesting team: a team token's own (may be omitted), required of admins and local writers. */
  team?: string;
}

export interface AccessRequestOutcome {
  request: AccessRequest;
  /** False when the team already had this role pending or granted: that request is answered. */
  created: boolean;
}

function requestingTeam(actor: Actor, given: string | undefined): string {
  const own = teamOf(actor);
  if (actor.kind === 'token' && actor.privacy) throw forbidden('a privacy token does not request access', 'request with a token of the consumer team');
  if (!isAdmin(actor)) {
    if (given !== undefined && given !== own) throw forbidden(`a token of team ${own} requests access for its own team, not for ${given}`);
    return own!;
  }
  const team = (given ?? own)?.trim();
  if (!team) throw invalid('say which team requests access: --team <team> (its ODPS team.name)', 'through a catalog server, a team token says it');
  return team;
}

export async function requestAccess(
  store: CatalogStore,
  actor: Actor,
  input: AccessRequestInput,
  settings: ControlSettings,
  now: Date,
): Promise<AccessRequestOutcome> {
  const team = requestingTeam(actor, input.team);
  const port = await readPort(store, input.productId, input.port, settings.restrictedClassifications);
  if (port.record.team === team) throw invalid(`team ${team} owns ${input.productId}: its access to its own ports is not granted by requests`);
  const role = port.roles.find((r) => r.role === input.role);
  if (!role) {
    const declared = port.roles.map((r) => r.role);
    throw invalid(
      `contract ${port.contractId} of ${input.productId}:${input.port} declares no role "${input.role}"`,
      declared.length > 0 ? `its roles: ${declared.join(', ')}` : 'the contract declares no `roles`: ask the owning team to add one',
    );
  }
  const purpose = cleanText(input.purpose, 'purpose', 500);
  if (!purpose && port.restrictedFields.length > 0) {
    throw invalid(
      `${input.productId}:${input.port} holds restricted data (${port.restrictedFields.slice(0, 3).join(', ')}): say why your team needs it with --purpose`,
    );
  }
  const until = input.until === undefined ? null : parseEndDate(input.until, now);
  return decideAndAppend<AccessRequestOutcome>(store, async () => {
    const existing = (await productRequests(store, input.productId, now, input.port)).find(
      (r) => r.team === team && r.role === role.role && ['pending', 'pending-second', 'approved'].includes(r.state),
    );
    if (existing) return { append: { events: [], expect: [] }, result: () => ({ request: existing, created: false }) };
    const id = newId('acc');
    const stream = streams.access(id);
    const event = nextEvent(stream, 'access', [], {
      audience: role.secondLevelApprovers,
      type: 'requested',
      actor: actorName(actor),
      at: now.toISOString(),
      productId: input.productId,
      team,
      data: {
        port: input.port,
        role: role.role,
        access: role.access,
        purpose,
        until,
        contractId: port.contractId,
        productVersion: port.record.version,
        levels: role.secondLevelApprovers.length > 0 ? 2 : 1,
        secondLevelApprovers: role.secondLevelApprovers,
        restricted: port.restrictedFields.length > 0,
      },
    });
    return {
      append: { events: [event], expect: [{ stream, length: 0 }] },
      result: (seqs) => ({ request: accessRequest([{ ...event, seq: seqs[0] }], now), created: true }),
    };
  });
}
