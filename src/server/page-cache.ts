/**
 * A cache of rendered GET answers (pages and API reads), correct across server
 * instances: before answering, the server reads the store's change stamp (the
 * newest version's sequence number, one indexed lookup); when it moved, every
 * entry is dropped. Published versions never change, so nothing else can make
 * an entry wrong. Entries also expire after a minute, for the relative times
 * ("3 hours ago") and freshness windows computed from the clock.
 *
 * Stamp reads are coalesced: a request arriving while a read is in flight
 * waits for the next read, which starts after it arrived, so an answer never
 * predates a publish that finished before the request came in.
 */
import type { CatalogStore } from '../catalog/store.js';

export interface CachedAnswer {
  status: number;
  type: string;
  body: Buffer;
}

interface Entry extends CachedAnswer {
  at: number;
}

export const CACHE_MAX_BYTES = 96 * 1024 * 1024;
export const CACHE_MAX_AGE_MS = 60_000;
/** Answers larger than this are not kept (a product consumed by thousands). */
const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
const CACHEABLE = new Set([200, 404]);

/** The freshest stamp, with at most one read in flight and one queued. */
export class StampReader {
  private inflight?: Promise<string>;
  private queued?: Promise<string>;

  constructor(private readonly read: () => Promise<string>) {}

  current(): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.read().finally(() => {
        this.inflight = undefined;
      });
      return this.inflight;
    }
    this.queued ??= this.inflight
      .then(() => undefined, () => undefined)
      .then(() => {
        this.queued = undefined;
        return this.current();
      });
    return this.queued;
  }
}

export class PageCache {
  private currentStamp?: string;
  private bytes = 0;
  private readonly entries = new Map<string, Entry>();
  /** Whole-catalog values many pages share (facets, the edges of the mesh), by name. */
  private readonly values = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly stamps: StampReader;

  constructor(
    readStamp: () => Promise<string>,
    private readonly maxBytes = CACHE_MAX_BYTES,
    private readonly maxAgeMs = CACHE_MAX_AGE_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.stamps = new StampReader(readStamp);
  }

  /** A cache for this store, or undefined when the store cannot tell when it changed. */
  static forStore(store: CatalogStore): PageCache | undefined {
    const stamp = store.changeStamp?.bind(store);
    return stamp ? new PageCache(stamp) : undefined;
  }

  private clear(stamp: string): void {
    this.entries.clear();
    this.values.clear();
    this.bytes = 0;
    this.currentStamp = stamp;
  }

  private remember(key: string, entry: Entry): void {
    if (entry.body.length > MAX_ENTRY_BYTES || !CACHEABLE.has(entry.status)) return;
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.body.length;
    }
  }

  async answer(key: string, produce: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    const stamp = await this.stamps.current();
    if (stamp !== this.currentStamp) this.clear(stamp);
    const hit = this.entries.get(key);
    const now = this.clock();
    if (hit && now - hit.at < this.maxAgeMs) {
      // Least recently used goes first: move the hit to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    if (hit) {
      this.entries.delete(key);
      this.bytes -= hit.body.length;
    }
    const fresh = await produce();
    // Produced from a state at least as new as `stamp`; keep it only if no newer stamp was seen meanwhile.
    if (this.currentStamp === stamp) this.remember(key, { ...fresh, at: now });
    return fresh;
  }

  /** A value computed once per catalog state (and minute); concurrent callers share one computation. */
  async memo<T>(key: string, produce: () => Promise<T>): Promise<T> {
    const stamp = await this.stamps.current();
    if (stamp !== this.currentStamp) this.clear(stamp);
    const now = this.clock();
    const hit = this.values.get(key);
    if (hit && now - hit.at < this.maxAgeMs) return hit.value as Promise<T>;
    const value = produce();
    this.values.set(key, { at: now, value });
    value.catch(() => {
      if (this.values.get(key)?.value === value) this.values.delete(key);
    });
    return value;
  }

  /** The newest change stamp read (answers and memos read it first); undefined before the first read. */
  get stamp(): string | undefined {
    return this.currentStamp;
  }

  get size(): number {
    return this.entries.size;
  }
}
