/**
 * What the control commands did on an engine, per product, server and kind of
 * effect (`access`: roles and grants; `retention`: rows deleted): `planned`
 * (a dry run: what would run) and `applied` (what ran) events. The first run
 * of a product on a server is a dry run by default: it is the history that
 * tells whether there was one.
 */
import type { ControlEvent } from '../../catalog/events.js';
import type { CatalogStore } from '../../catalog/store.js';
import { actorName, actsFor, forbidden, invalid, missing, type Actor } from '../actor.js';
import { decideAndAppend, nextEvent, streams } from '../log.js';

export type EngineEffect = 'access' | 'retention';
export type EngineEventType = 'planned' | 'applied';

export const ENGINE_EFFECTS: readonly EngineEffect[] = ['access', 'retention'];

async function checkOwner(store: CatalogStore, actor: Actor, productId: string): Promise<string | null> {
  const record = await store.getVersion(productId);
  if (!record) throw missing(`no product ${productId} in the catalog`, 'publish it first: the control commands act on published products');
  if (!actsFor(actor, record.team))
    throw forbidden(`only the owning team of ${productId} (${record.team ?? 'none'}) acts on its engines`, 'use a token of the owning team');
  return record.team;
}

function checkArguments(server: string, effect: string): void {
  if (!ENGINE_EFFECTS.includes(effect as EngineEffect)) throw invalid(`unknown effect "${effect}"`, `effects: ${ENGINE_EFFECTS.join(', ')}`);
  if (server.trim() === '' || server.length > 200) throw invalid('a server name is 1 to 200 characters');
}

export async function engineHistory(store: CatalogStore, actor: Actor, productId: string, server: string, effect: EngineEffect): Promise<ControlEvent[]> {
  checkArguments(server, effect);
  await checkOwner(store, actor, productId);
  return store.controlEvents({ streams: [streams.engine(productId, server, effect)] });
}

export async function recordEngine(
  store: CatalogStore,
  actor: Actor,
  productId: string,
  server: string,
  effect: EngineEffect,
  type: EngineEventType,
  data: Record<string, unknown>,
  now: Date,
): Promise<ControlEvent> {
  checkArguments(server, effect);
  if (type !== 'planned' && type !== 'applied') throw invalid(`unknown engine event "${String(type)}"`);
  const team = await checkOwner(store, actor, productId);
  const stream = streams.engine(productId, server, effect);
  return decideAndAppend(store, async () => {
    const events = await store.controlEvents({ streams: [stream] });
    const event = nextEvent(stream, 'engine', events, {
      type,
      actor: actorName(actor),
      at: now.toISOString(),
      productId,
      team,
      data: { ...data, server, effect },
    });
    return { append: { events: [event], expect: [{ stream, length: events.length }] }, result: (seqs) => ({ ...event, seq: seqs[0] }) };
  });
}
