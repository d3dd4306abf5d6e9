/**
 * The server's model of the catalog, in memory: the latest version of every
 * product (its summary, the ports that link it, its search words), learnt
 * from the store's cursor of changes (`CatalogStore.productsSince`) and read
 * again only for what changed. Lists, searches, facets and the links of the
 * mesh are answered from it without a query; a version's documents and
 * history, which never change once published, are read from the store.
 *
 * The model is of one catalog state at a time, `stamp`, and only moves
 * forward. `current()` brings it to a state no older than a change stamp read
 * after the call (reads of the stamp are shared by the callers of one turn of
 * the event loop), so what it answers is never older than a publish that
 * finished before the request came in. See README.md in this folder.
 */
import type { CatalogChanges } from '../../catalog/changes.js';
import { pageBounds, searchTerms } from '../../catalog/rows.js';
import type { CatalogStore, Edge, Facets, ProductFilter, ProductHead, ProductPage, ProductSummary } from '../../catalog/store.js';
import { QUALITIES, type Quality } from '../../catalog/runs.js';
import { MeshLinks } from './links.js';
import { kept, position, SearchIndex } from './search-index.js';
import { isLater, StampReader } from './stamp-reader.js';

/** Products remembered as changed, over the last reads: a cache older than that drops everything. */
const CHANGES_KEPT = 1000;

const words = (text: string) => text.split(' ').filter((w) => w !== '');

interface Learnt {
  /** The state before the read, and after it. */
  from: string;
  to: string;
  ids: string[];
}

export class CatalogModel {
  private state = '0';
  private loaded = false;
  private reading?: Promise<void>;
  /** Each product's latest version and quality (its words are in the index only). */
  private readonly heads = new Map<string, Pick<ProductHead, 'summary' | 'order' | 'ports' | 'quality'>>();
  /** Ids in order, for lists without words (the stores' order: by id). */
  private ids: string[] = [];
  private readonly index = new SearchIndex();
  private readonly links = new MeshLinks();
  private readonly learnt: Learnt[] = [];
  /** Whole-catalog values computed once per state (facets, every link). */
  private readonly derived = new Map<string, unknown>();
  private readonly stamps: StampReader;

  constructor(private readonly store: CatalogStore) {
    this.stamps = new StampReader(() => store.changeStamp());
  }

  /** The catalog state the model holds (a change stamp). */
  get stamp(): string {
    return this.state;
  }

  get size(): number {
    return this.heads.size;
  }

  /** The model, at a state no older than a change stamp read after this call. */
  async current(): Promise<this> {
    const head = await this.stamps.current();
    // A read that started before this head was seen may stop short of it: then another.
    while (!this.loaded || isLater(head, this.state)) await this.readChanges();
    return this;
  }

  /** One read of the cursor at a time; callers that come meanwhile share it. */
  private readChanges(): Promise<void> {
    return (this.reading ??= this.store
      .productsSince(this.loaded ? this.state : '0')
      .then(({ stamp, products }) => this.learn(stamp, products))
      .finally(() => {
        this.reading = undefined;
      }));
  }

  private learn(stamp: string, products: ProductHead[]): void {
    if (this.loaded && !isLater(stamp, this.state)) return;
    const fresh = products.filter((p) => !this.heads.has(p.summary.id)).map((p) => p.summary.id);
    for (const product of products) {
      const id = product.summary.id;
      this.heads.set(id, { summary: product.summary, order: product.order, ports: product.ports, quality: product.quality });
      const title = words(product.searchTitle);
      this.index.upsert({ order: product.order, summary: product.summary, title, words: [...new Set([...title, ...words(product.searchText)])] });
      this.links.set(id, product.ports);
    }
    if (fresh.length > 0) this.ids = fresh.length > 64 ? [...this.heads.keys()].sort() : insertSorted(this.ids, fresh);
    if (this.loaded) this.remember({ from: this.state, to: stamp, ids: products.map((p) => p.summary.id) });
    this.loaded = true;
    this.state = stamp;
    this.derived.clear();
  }

  private remember(entry: Learnt): void {
    this.learnt.push(entry);
    let total = this.learnt.reduce((n, e) => n + e.ids.length, 0);
    while (total > CHANGES_KEPT && this.learnt.length > 0) total -= this.learnt.shift()!.ids.length;
  }

  /**
   * What changed between state `since` (one the model held) and its state now: the products whose
   * latest version changed, and those linked to them now; undefined when the model no longer
   * remembers as far back.
   */
  changedSince(since: string): CatalogChanges | undefined {
    if (since === this.state) return { changed: [], linked: [] };
    const start = this.learnt.findIndex((e) => e.from === since);
    if (start < 0) return undefined;
    const changed = new Set(this.learnt.slice(start).flatMap((e) => e.ids));
    const linked = new Set([...changed].flatMap((id) => this.links.neighbours(id)));
    return { changed: [...changed], linked: [...linked] };
  }

  summary(productId: string): ProductSummary | undefined {
    return this.heads.get(productId)?.summary;
  }

  /** How a product stands by its latest test runs (untested when unknown). */
  quality(productId: string): Quality {
    return this.heads.get(productId)?.quality ?? 'untested';
  }

  /** A list or a search, as the store's `listProducts` gives it, and by quality. */
  listProducts(filter: ProductFilter = {}): ProductPage {
    const terms = searchTerms(filter.text ?? '');
    const wanted = filter.quality;
    const ofQuality = (s: ProductSummary) => wanted === undefined || this.quality(s.id) === wanted;
    if (terms.length > 0) return this.index.search(terms, filter, ofQuality);
    const since = filter.publishedSince === undefined ? undefined : Date.parse(filter.publishedSince);
    const matching = this.ids.map((id) => this.heads.get(id)!.summary).filter((s) => kept(s, filter, since) && ofQuality(s));
    const { limit, offset } = pageBounds(filter);
    return { total: matching.length, items: matching.slice(offset, offset + limit) };
  }

  facets(): Facets {
    return this.once('facets', () => {
      const count = (pick: (s: ProductSummary) => string | null) => {
        const counts = new Map<string, number>();
        for (const { summary } of this.heads.values()) {
          const value = pick(summary);
          if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, n]) => ({ value, count: n }));
      };
      const quality = QUALITIES.map((value) => ({ value, count: [...this.heads.values()].filter((h) => h.quality === value).length })).filter(
        (q) => q.count > 0,
      );
      return { domains: count((s) => s.domain), teams: count((s) => s.team), statuses: count((s) => s.status), quality };
    });
  }

  edges(): Edge[] {
    return this.once('edges', () => this.links.all());
  }

  consumers(productId: string, port?: string): Edge[] {
    return this.links.consumers(productId, port);
  }

  upstream(productId: string): Edge[] {
    return this.links.upstream(productId);
  }

  contractPublishers(contractIds: readonly string[]): Map<string, string[]> {
    return this.links.publishers(contractIds);
  }

  private once<T>(name: string, compute: () => T): T {
    if (!this.derived.has(name)) this.derived.set(name, compute());
    return this.derived.get(name) as T;
  }
}

/** A sorted list with a few more items, sorted. */
function insertSorted(sorted: string[], more: string[]): string[] {
  const out = [...sorted];
  for (const id of more) out.splice(position(out, id), 0, id);
  return out;
}
