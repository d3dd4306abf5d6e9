/**
 * Warming the page cache after the server starts: the read model first
 * (catalog-model.ts: every product's latest version), then the page of every product
 * (its latest version) is read and rendered in the background, a few at a
 * time, so that the first readers after a start or a deploy find them ready
 * instead of each paying for a read and a render. Without it, a server of
 * 10,000 products answers product pages about half as fast for its first
 * minutes (see docs/server.md).
 *
 * Warming yields to requests between batches, stops once the cache is three
 * quarters full (the rest is for search pages and the API), stops when the
 * server closes, and never fails the server: an error ends it, and pages are
 * then rendered on demand as without it. Pages it renders are kept under the
 * catalog state they were read in, like any other answer.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PageCache } from './page-cache.js';

export interface WarmSource {
  /** Readies what is read before any page (the read model); done first. */
  prepare?(): Promise<void>;
  /** Ids of the products, `limit` at a time from `offset` (in a stable order). */
  listIds(offset: number, limit: number): Promise<string[]>;
  /** Puts the page of a product in the cache (nothing when one is kept already). */
  warm(id: string): Promise<void>;
  /** Whether the cache has no room left for warming. */
  full(): boolean;
}

export type WarmState = 'idle' | 'warming' | 'done' | 'full' | 'stopped' | 'failed';

const LIST_PAGE = 500;
/** Pages read together: a few milliseconds of work between turns given to requests. */
const BATCH = 20;

export class CacheWarmer {
  private state: WarmState = 'idle';
  private pages = 0;
  private ms = 0;
  private stopping = false;

  constructor(
    private readonly source: WarmSource,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts warming in the background; resolves when it ends (it never rejects). */
  start(): Promise<void> {
    if (this.state !== 'idle') return Promise.resolve();
    this.state = 'warming';
    const started = this.clock();
    return this.run().then(
      (end) => {
        this.state = end;
        this.ms = this.clock() - started;
      },
      () => {
        this.state = 'failed';
        this.ms = this.clock() - started;
      },
    );
  }

  stop(): void {
    this.stopping = true;
  }

  private async run(): Promise<WarmState> {
    await this.source.prepare?.();
    for (let offset = 0; ; offset += LIST_PAGE) {
      const ids = await this.source.listIds(offset, LIST_PAGE);
      for (let i = 0; i < ids.length; i += BATCH) {
        if (this.stopping) return 'stopped';
        if (this.source.full()) return 'full';
        await Promise.all(ids.slice(i, i + BATCH).map((id) => this.source.warm(id)));
        this.pages += Math.min(BATCH, ids.length - i);
        // Requests that came in meanwhile go first.
        await nextTurn();
      }
      if (ids.length < LIST_PAGE) return 'done';
    }
  }

  /** For /readyz: where warming is, and how many pages it rendered in how long. */
  get status(): { state: WarmState; pages: number; ms: number } {
    return { state: this.state, pages: this.pages, ms: this.ms };
  }
}

/** Where full warming stops: the rest of the cache is for search pages and the API. */
export function warmingFull(cache: PageCache): boolean {
  return cache.usage.bytes >= cache.usage.maxBytes * 0.75;
}
