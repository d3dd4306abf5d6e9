/**
 * The answers a page cache keeps, by key: least recently used out first once
 * over their size, and indexed by the products each shows, so that a publish
 * drops the answers showing the products it touched and only those. An answer
 * that does not list its products shows the whole catalog (a search, the mesh)
 * and goes at any change.
 *
 * The size counted is what an entry holds in memory, not only its body: the
 * body's own allocation, its key, the ids it lists, and a fixed overhead for
 * the entry's objects, map slots and index sets (measured: about 900 bytes
 * for an entry of a small body). Thousands of small answers thus count as
 * what they cost, and the budget bounds the process's memory.
 */
export interface KeptAnswer {
  body: Buffer;
  /** The products it shows; absent: the whole catalog. */
  products?: readonly string[];
}

/** Bytes an entry holds beyond its body, key and product ids: objects, map and set slots. */
export const ENTRY_OVERHEAD = 1024;
/** Bytes per product id listed: its string, the array slot, its entry in the index by product. */
const PER_PRODUCT = 96;

/** What an entry costs in memory (strings counted at two bytes a character, their worst case). */
export function entryCost(key: string, entry: KeptAnswer): number {
  let ids = 0;
  for (const id of entry.products ?? []) ids += PER_PRODUCT + 2 * id.length;
  return ENTRY_OVERHEAD + 2 * key.length + entry.body.buffer.byteLength + ids;
}

/**
 * The body in an allocation of its own size. Small buffers are often slices of node's shared 8 KB
 * pool: a kept slice would hold the whole pool, so a cache of small answers would hold far more
 * memory than it counts.
 */
export function compact(body: Buffer): Buffer {
  if (body.byteOffset === 0 && body.buffer.byteLength === body.length) return body;
  const own = Buffer.allocUnsafeSlow(body.length);
  body.copy(own);
  return own;
}

export class CacheEntries<E extends KeptAnswer> {
  private readonly map = new Map<string, E>();
  private readonly byProduct = new Map<string, Set<string>>();
  private readonly whole = new Set<string>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): E | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Marks an entry as the most recently used. */
  touch(key: string, entry: E): void {
    this.map.delete(key);
    this.map.set(key, entry);
  }

  /** Keeps an entry (its body compacted first); an entry costing more than the whole budget is not kept. */
  set(key: string, entry: E): void {
    this.delete(key);
    const kept = { ...entry, body: compact(entry.body) };
    const cost = entryCost(key, kept);
    if (cost > this.maxBytes) return;
    this.map.set(key, kept);
    this.total += cost;
    if (kept.products) {
      for (const id of kept.products) {
        const keys = this.byProduct.get(id);
        if (keys) keys.add(key);
        else this.byProduct.set(id, new Set([key]));
      }
    } else this.whole.add(key);
    for (const oldest of this.map.keys()) {
      if (this.total <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.total -= entryCost(key, entry);
    if (!entry.products) {
      this.whole.delete(key);
      return;
    }
    for (const id of entry.products) {
      const keys = this.byProduct.get(id);
      keys?.delete(key);
      if (keys?.size === 0) this.byProduct.delete(id);
    }
  }

  clear(): void {
    this.map.clear();
    this.byProduct.clear();
    this.whole.clear();
    this.total = 0;
  }

  /** Drops the answers that show the whole catalog. */
  dropWhole(): void {
    for (const key of [...this.whole]) this.delete(key);
  }

  /** Drops the answers that show any of these products. */
  dropShowing(products: Iterable<string>): void {
    for (const id of products) for (const key of [...(this.byProduct.get(id) ?? [])]) this.delete(key);
  }

  /** Drops the entries `done` says are over (expired); gives how many went. */
  sweep(done: (entry: E) => boolean): number {
    let dropped = 0;
    for (const [key, entry] of this.map) {
      if (!done(entry)) continue;
      this.delete(key);
      dropped += 1;
    }
    return dropped;
  }

  get size(): number {
    return this.map.size;
  }

  /** The memory the entries hold, as counted by `entryCost`. */
  get bytes(): number {
    return this.total;
  }
}
