/**
 * What signed-in pages show of the control plane, kept per viewer: a team's
 * requests on a product, its requests page, its queue, an erasure request's
 * tasks. A view is read from the store once and then served while nothing it
 * rests on can have changed:
 *
 * - the control plane's state: the store's control stamp (`controlStamp`, the
 *   newest event), read once per turn of the event loop for every request of
 *   that turn, after the request arrived; any new event anywhere drops every view;
 * - the catalog's state (`stamp`, the read model's: who owns a product, what
 *   its contract offers);
 * - time: a view says when it would read differently (a grant's end, a task's
 *   deadline), and is dropped then.
 *
 * A view belongs to a *viewer*: the kind of token and its team (`viewerOf`),
 * which is all the control plane's visibility rules look at; two sessions of
 * one team share views, two teams never do. The one exception is a product's
 * access requests (src/server/personalise.ts), kept whole under a key naming no
 * viewer and cut to what each reader may read (`mayRead`) on every request.
 * Views hold no session secret: pages fill in their form tokens on the way out.
 * At most `maxBytes` are kept (the least recently used go first).
 */
import type { ControlStore } from '../../catalog/events.js';
import type { TokenRecord } from '../../catalog/store.js';
import { StampReader } from './stamp-reader.js';

/** Whose view: an admin, the privacy office, or a team. */
export function viewerOf(token: TokenRecord): string {
  if (token.admin) return 'admin';
  return `${token.privacy ? 'privacy' : 'team'}:${token.team ?? ''}`;
}

export interface Produced<T> {
  value: T;
  /** Roughly what it costs to keep (characters of its text). */
  size: number;
  /** When it would read differently with no new event (epoch milliseconds). */
  expiresAt?: number;
}

interface Entry {
  stamp: string;
  value: Promise<unknown>;
  size: number;
  expiresAt: number;
}

/** A view is read again at least this often, whatever it says about itself. */
const LONGEST_MS = 10 * 60_000;
export const VIEWS_MAX_BYTES = 32 * 1024 * 1024;

export class ControlViews {
  private readonly stamps: StampReader;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    store: ControlStore,
    private readonly now: () => number = Date.now,
    private readonly maxBytes = VIEWS_MAX_BYTES,
  ) {
    this.stamps = new StampReader(() => store.controlStamp());
  }

  /** A read of the control stamp starting after this call (shared with the turn's others): a request may start it early. */
  controlStamp(): Promise<string> {
    return this.stamps.current();
  }

  /**
   * The view `key` at catalog state `catalogStamp`, from memory when nothing it rests on changed since
   * it was read; `controlStamp` is a read started after the request arrived (by default, now).
   */
  async view<T>(key: string, catalogStamp: string, produce: () => Promise<Produced<T>>, controlStamp = this.stamps.current()): Promise<T> {
    const stamp = `${await controlStamp}/${catalogStamp}`;
    const kept = this.entries.get(key);
    if (kept && kept.stamp === stamp && kept.expiresAt > this.now()) {
      // Most recently used last: the first entries are the first to go.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept.value as Promise<T>;
    }
    if (kept) this.drop(key, kept);
    const produced = produce();
    const entry: Entry = { stamp, value: produced.then((p) => p.value), size: 0, expiresAt: Number.POSITIVE_INFINITY };
    // Whoever shares it gets its failure; nobody sharing it is no unhandled rejection.
    entry.value.catch(() => undefined);
    this.entries.set(key, entry);
    try {
      const { size, expiresAt } = await produced;
      if (this.entries.get(key) !== entry) return entry.value as Promise<T>;
      entry.size = 2 * size + key.length + 64;
      entry.expiresAt = Math.min(expiresAt ?? Number.POSITIVE_INFINITY, this.now() + LONGEST_MS);
      this.bytes += entry.size;
      this.trim();
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
    return entry.value as Promise<T>;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  private trim(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(key, entry);
    }
  }

  get usage(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/** The first of these times still to come (epoch milliseconds), for `Produced.expiresAt`. */
export function firstAfter(times: Array<string | null | undefined>, now: number): number | undefined {
  let first: number | undefined;
  for (const t of times) {
    const ms = t ? Date.parse(t) : Number.NaN;
    if (ms > now && (first === undefined || ms < first)) first = ms;
  }
  return first;
}
