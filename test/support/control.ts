/**
 * The control plane over a real SQLite catalog in a temp directory: the streaming mesh
 * published, actors of every kind, and a clock the test moves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../src/control/actor.js';
import { StoreControl } from '../../src/control/plane.js';
import { DEFAULT_CONTROL, type ControlSettings } from '../../src/control/settings.js';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
import type { CatalogStore } from '../../src/catalog/store.js';
import { listenerProduct, playerProduct, playlistProduct, publishLocally, toCandidate } from './catalog.js';
import type { ProductFixture } from './product.js';

export const token = (team: string | null, kind: 'team' | 'admin' | 'privacy' = 'team', id = `${kind}-${team}`): Actor => ({
  kind: 'token',
  id,
  team,
  admin: kind === 'admin',
  privacy: kind === 'privacy',
});

export const ACTORS = {
  player: token('player-team'),
  listener: token('listener-team'),
  bi: token('bi-team'),
  governance: token('data-governance'),
  admin: token(null, 'admin', 'admin-1'),
  admin2: token(null, 'admin', 'admin-2'),
  privacy: token('privacy-office', 'privacy'),
};

/**
 * The mesh of the control tests: play-events declares `listener_email` as a subject key of kind
 * listener; listener-sessions (downstream) carries the column without marking it; playlist-features
 * (further down) holds no such column. play-events' role `play_events_auditor` needs a second approval.
 */
export function controlMesh(): ProductFixture[] {
  const player = playerProduct();
  player.contracts.events.roles = [
    { role: 'play_events_reader', access: 'read' },
    { role: 'play_events_auditor', access: 'read', secondLevelApprovers: 'data-governance' },
  ];
  const listener = listenerProduct();
  delete listener.contracts.sessions.schema[0].properties[1].customProperties;
  const playlist = playlistProduct();
  playlist.contracts.features.schema[0].properties.splice(1, 1);
  return [player, listener, playlist];
}

export interface ControlHarness {
  store: CatalogStore;
  dir: string;
  clock: { now: Date };
  as(actor: Actor, settings?: Partial<ControlSettings>): StoreControl;
  publish(products: ProductFixture[]): Promise<void>;
  cleanup(): Promise<void>;
}

export async function controlHarness(products: ProductFixture[] = controlMesh()): Promise<ControlHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'dp-control-'));
  const store = await openSqliteStore(join(dir, 'catalog.db'), { mode: 'write' });
  const clock = { now: new Date('2026-03-01T10:00:00Z') };
  const publish = async (list: ProductFixture[]) => {
    const outcomes = await publishLocally(store, list.map(toCandidate), { publisher: 'test', now: () => clock.now });
    const refused = outcomes.filter((o) => o.status === 'refused');
    if (refused.length > 0) throw new Error(`publish refused: ${JSON.stringify(refused.map((o) => o.refusals))}`);
  };
  await publish(products);
  return {
    store,
    dir,
    clock,
    as: (actor, settings = {}) => new StoreControl(store, actor, { ...DEFAULT_CONTROL, ...settings }, () => clock.now),
    publish,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The DpError a promise rejects with, for asserting its type and code. */
export async function refusal(promise: Promise<unknown>): Promise<{ type: string; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { type?: string; details?: { code?: string }; message: string };
    return { type: e.type ?? 'unknown', code: e.details?.code, message: e.message };
  }
  throw new Error('expected a refusal, but it succeeded');
}
