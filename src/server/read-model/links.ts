/**
 * The links of the mesh by product, for product pages: upstream products and
 * consumers read from one index of every edge instead of two joins per page
 * (on PostgreSQL, about half of a product page's work in the database).
 *
 * The index belongs to one catalog state (a change stamp, seen by the page
 * cache or read with a page). It is built by reading every edge after that
 * stamp was seen, so it is never older than the state it is used for; a page
 * of another state reads its links from the store and asks for a new index. Builds run in the
 * background, one at a time, and no more often than every few seconds or ten
 * times their own duration: under steady publishing the index falls behind and
 * pages read their links themselves, at a bounded cost for the rebuilds.
 */
import type { Edge } from '../catalog/store.js';

export interface ProductLinks {
  upstream: Edge[];
  consumers: Edge[];
}

interface Built {
  stamp: string;
  upstream: Map<string, Edge[]>;
  consumers: Map<string, Edge[]>;
}

const MIN_INTERVAL_MS = 2000;
/** A build may take at most a tenth of the time between builds. */
const COST_SHARE = 10;
const NONE: Edge[] = [];

function group(edges: Edge[], key: (e: Edge) => string): Map<string, Edge[]> {
  const map = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = map.get(key(e));
    if (list) list.push(e);
    else map.set(key(e), [e]);
  }
  return map;
}

export class LinkIndex {
  private built?: Built;
  private building = false;
  private nextBuildAt = 0;

  constructor(
    /** Every edge between latest versions, in the store's order (the order each product's links come in). */
    private readonly readEdges: () => Promise<Edge[]>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The links of `productId` in catalog state `stamp`, or undefined when the index is not of that state. */
  linksOf(productId: string, stamp: string): ProductLinks | undefined {
    const built = this.built;
    if (built?.stamp === stamp) {
      return { upstream: built.upstream.get(productId) ?? NONE, consumers: built.consumers.get(productId) ?? NONE };
    }
    this.want(stamp);
    return undefined;
  }

  /** Whether the index is of catalog state `stamp`. */
  isOf(stamp: string | undefined): boolean {
    return stamp !== undefined && this.built?.stamp === stamp;
  }

  /** Asks for an index of state `stamp`, seen before this call (built in the background, if it is time). */
  want(stamp: string): void {
    if (this.built?.stamp === stamp) return;
    const started = this.clock();
    if (this.building || started < this.nextBuildAt) return;
    this.building = true;
    this.readEdges()
      .then((edges) => {
        // Read after `stamp` was seen: what it holds is at least as new as that state.
        this.built = { stamp, upstream: group(edges, (e) => e.to.product), consumers: group(edges, (e) => e.from.product) };
      })
      .catch(() => undefined) // Pages read their links themselves meanwhile; the next miss tries again.
      .finally(() => {
        const took = this.clock() - started;
        this.nextBuildAt = started + Math.max(MIN_INTERVAL_MS, took * COST_SHARE);
        this.building = false;
      });
  }
}
