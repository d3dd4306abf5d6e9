/**
 * A cache of rendered GET answers (pages and API reads), correct across server
 * instances: the entries hold for one catalog state, the store's change stamp
 * (the newest version's sequence number, one indexed lookup). When a newer
 * stamp is seen, the answers that show the whole catalog (searches, the mesh,
 * lists) are dropped at once, and the read model tells which products changed
 * since (catalog-model.ts): those that published and those linked to them now.
 * The answers showing one of them are dropped, the others stay (a product page
 * lists the products it shows: itself and its neighbours). Until that is done,
 * hits wait. Published versions never change, so nothing else can make an
 * entry wrong. Entries also expire when the relative
 * times they show would read differently ("3 hours ago": at four hours), or
 * after a minute for answers that do not say (freshness windows computed from
 * the clock), and after an hour at most; a sweep every minute drops those
 * that expired. Only 200s that show something are kept (never a 404, an error
 * or an empty list), under keys of the route and its declared parameters
 * (src/server/cache-key.ts); the budget counts keys and overheads too.
 *
 * A hit is served only after a stamp read that started after the request
 * arrived, so an answer never predates a publish that finished before the
 * request came in. Stamp reads are shared (stamp-reader.ts): one read serves
 * the requests of a turn of the event loop, and a request arriving while a
 * read is in flight waits for the next one. A miss needs no stamp read of its
 * own when its answer says which state it was read in (every answer made from
 * the read model does): it is produced at once, kept under its own stamp, and
 * a newer stamp seen that way drops the older entries like a stamp read does.
 * README.md in this folder gives the argument in full.
 */
import type { CatalogChanges } from '../../catalog/changes.js';
import { CacheEntries } from './cache-entries.js';
import type { CatalogModel } from './catalog-model.js';
import { isLater } from './stamp-reader.js';

export { isLater };

export interface CachedAnswer {
  status: number;
  type: string;
  body: Buffer;
  /** The catalog state the answer was read in, when one snapshot gave all of it. */
  stamp?: string;
  /** When the relative times it shows would read differently (epoch milliseconds); a minute when absent. */
  expiresAt?: number;
  /** The products it shows (a product page: itself and its neighbours); absent: the whole catalog. */
  products?: readonly string[];
  /** False: not kept (see `Answer.cacheable`). */
  cacheable?: boolean;
}

export interface AnswerOptions {
  /**
   * The answer carries the stamp of the state it was read in (`CachedAnswer.stamp`): a miss is
   * produced without reading the stamp first. Without a stamp it is not kept.
   */
  stamped?: boolean;
}

interface Entry extends CachedAnswer {
  /** Served until then (epoch milliseconds). */
  until: number;
}

/** Room for every product page of a catalog of about 20,000 products, with its search pages. */
export const CACHE_MAX_BYTES = 256 * 1024 * 1024;
/** The life of an answer that does not say when it would read differently. */
export const CACHE_MAX_AGE_MS = 60_000;
/** The longest life of any answer. */
const CACHE_LIFETIME_MS = 3_600_000;
/** Answers larger than this are not kept (a product consumed by thousands). */
const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
/** How often expired entries are dropped. */
const SWEEP_INTERVAL_MS = 60_000;

function settler(): { promise: Promise<void>; settle: () => void } {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

export class PageCache {
  private currentStamp?: string;
  private readonly entries: CacheEntries<Entry>;
  /** The stamp up to which the answers a change touched are dropped: hits of a later stamp wait. */
  private droppedUpTo?: string;
  private dropping = false;
  /** Settles when the dropping moves `droppedUpTo`. */
  private dropped = settler();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    /** The store's change stamp, read after the call (shared reads are the store's business). */
    private readonly readChangeStamp: () => Promise<string>,
    private readonly maxBytes = CACHE_MAX_BYTES,
    private readonly maxAgeMs = CACHE_MAX_AGE_MS,
    private readonly clock: () => number = Date.now,
    /** What changed since a stamp (undefined: too much to tell); without it, a change drops everything. */
    private readonly changedSince?: (stamp: string) => Promise<CatalogChanges | undefined>,
  ) {
    this.entries = new CacheEntries(maxBytes);
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  /** Drops the entries that expired; gives how many. */
  sweep(now = this.clock()): number {
    return this.entries.sweep((entry) => now >= entry.until);
  }

  /** Stops the sweeping (the server closes). */
  close(): void {
    clearInterval(this.sweeper);
  }

  /** A cache of answers made from this read model: its state is the cache's stamp, its changes what the cache drops. */
  static forModel(model: CatalogModel, maxBytes = CACHE_MAX_BYTES): PageCache {
    const stamp = async () => (await model.current()).stamp;
    return new PageCache(stamp, maxBytes, CACHE_MAX_AGE_MS, Date.now, async (since) => model.changedSince(since));
  }

  /** Adopts a stamp seen by a read: a later state drops what it may have changed; an earlier one changes nothing. */
  private observe(stamp: string): void {
    const since = this.currentStamp;
    if (since !== undefined && !isLater(stamp, since)) return;
    this.currentStamp = stamp;
    this.entries.dropWhole();
    if (since === undefined) this.droppedUpTo = stamp;
    else if (!this.dropping) void this.dropChanges();
  }

  /**
   * Drops the answers showing what changed after `droppedUpTo`, one query at a time, until it
   * reaches the newest stamp seen: under steady publishing, one query covers every stamp seen
   * while the one before it ran.
   */
  private async dropChanges(): Promise<void> {
    this.dropping = true;
    try {
      while (this.droppedUpTo !== this.currentStamp) {
        const since = this.droppedUpTo!;
        const upTo = this.currentStamp!;
        // Read after `upTo` was seen: it tells at least what changed up to it.
        const changes = this.entries.size === 0 ? { changed: [], linked: [] } : await this.changedSince?.(since).catch(() => undefined);
        if (changes) this.entries.dropShowing([...changes.changed, ...changes.linked]);
        else this.entries.clear();
        this.droppedUpTo = upTo;
        const done = this.dropped;
        this.dropped = settler();
        done.settle();
      }
    } finally {
      // In the same turn as the last check: a stamp seen from now on starts a new dropping.
      this.dropping = false;
    }
  }

  /** Reads the stamp, and waits until the answers a change up to it touched are dropped. */
  private async readStamp(): Promise<void> {
    const stamp = await this.readChangeStamp();
    this.observe(stamp);
    while (this.droppedUpTo !== undefined && isLater(stamp, this.droppedUpTo)) await this.dropped.promise;
  }

  /** The entry of `key` if it is young enough, made the most recently used. */
  private fresh(key: string, now: number): Entry | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (now < hit.until) {
      this.entries.touch(key, hit);
      return hit;
    }
    this.entries.delete(key);
    return undefined;
  }

  private remember(key: string, entry: Entry): void {
    // Two misses of one key may both finish: the second replaces the first.
    if (entry.status === 200 && entry.cacheable !== false && entry.body.length <= MAX_ENTRY_BYTES) this.entries.set(key, entry);
  }

  async answer(key: string, produce: () => Promise<CachedAnswer>, options: AnswerOptions = {}): Promise<CachedAnswer> {
    if (!options.stamped || this.entries.has(key)) {
      await this.readStamp();
      const hit = this.fresh(key, this.clock());
      if (hit) return hit;
    }
    // Unstamped answers are produced after the stamp was read: they hold a state at least as new as it.
    const seen = options.stamped ? undefined : this.currentStamp;
    const now = this.clock();
    const fresh = await produce();
    if (fresh.stamp !== undefined) this.observe(fresh.stamp);
    const state = options.stamped ? fresh.stamp : seen;
    // Kept only while its state is the newest seen.
    if (state !== undefined && state === this.currentStamp) this.remember(key, { ...fresh, until: this.until(fresh, now) });
    return fresh;
  }

  private until(answer: CachedAnswer, producedAt: number): number {
    const stated = answer.expiresAt !== undefined && Number.isFinite(answer.expiresAt) ? answer.expiresAt : producedAt + this.maxAgeMs;
    return Math.min(stated, producedAt + CACHE_LIFETIME_MS);
  }

  /** Whether an answer for `key` is kept (it may have expired). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The newest change stamp seen (by stamp reads and stamped answers); undefined before the first. */
  get stamp(): string | undefined {
    return this.currentStamp;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes the answers kept hold (bodies, keys, overheads), and the most it keeps. */
  get usage(): { bytes: number; maxBytes: number } {
    return { bytes: this.entries.bytes, maxBytes: this.maxBytes };
  }
}
