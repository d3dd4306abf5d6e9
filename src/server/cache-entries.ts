/**
 * The answers a page cache keeps, by key: least recently used out first once
 * over their size, and indexed by the products each shows, so that a publish
 * drops the answers showing the products it touched and only those. An answer
 * that does not list its products shows the whole catalog (a search, the mesh)
 * and goes at any change.
 */
export interface KeptAnswer {
  body: Buffer;
  /** The products it shows; absent: the whole catalog. */
  products?: readonly string[];
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

  set(key: string, entry: E): void {
    this.delete(key);
    this.map.set(key, entry);
    this.total += entry.body.length;
    if (entry.products) {
      for (const id of entry.products) {
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
    this.total -= entry.body.length;
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

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.total;
  }
}
