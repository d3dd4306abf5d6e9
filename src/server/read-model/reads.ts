/**
 * What the server's routes read, each at one catalog state: the model's
 * state when the read began (its `stamp`). A version's documents and the
 * history of a product come from the store; published versions never change,
 * and a history is cut at the product's latest version in that state, so the
 * answer is exactly that state's, whenever the store is read.
 */
import type { CatalogStore, Edge, VersionRecord, VersionSummary } from '../../catalog/store.js';
import type { RunPage, RunQuery, StoredRun } from '../../catalog/runs.js';
import { Batcher } from './batcher.js';
import type { CatalogModel } from './catalog-model.js';

/** Everything a product page shows, of one catalog state. */
export interface ProductPageData {
  record: VersionRecord;
  /** Every version of the product, newest first. */
  versions: VersionSummary[];
  /** Links from the products it consumes, and into the products consuming it (between latest versions). */
  upstream: Edge[];
  consumers: Edge[];
  /** The latest test run of each output port and server, and the product's recent runs, newest first. */
  latestRuns: StoredRun[];
  runs: StoredRun[];
  stamp: string;
}

/** Runs a product page reads for its ports' history charts. */
const RECENT_RUNS = 100;

export interface Stamped<T> {
  value: T;
  stamp: string;
}

export class ServerReads {
  /**
   * Latest version records and histories asked for in one turn of the event loop, read together on
   * PostgreSQL, where each query is a round trip that wakes the database; SQLite reads each at once
   * in the server's thread (a batch would only add a turn of waiting).
   */
  private readonly batched?: { latest: Batcher<string, VersionRecord>; histories: Batcher<string, VersionSummary[]> };

  constructor(
    readonly model: CatalogModel,
    private readonly store: CatalogStore,
  ) {
    if (store.kind === 'postgres') {
      this.batched = { latest: new Batcher((ids) => store.latestVersions(ids)), histories: new Batcher((ids) => store.listVersionsOf(ids)) };
    }
  }

  /** Version `version` of a product, read with the others of the turn when it is the latest one the model knows. */
  private async record(productId: string, version: string, latest: string): Promise<VersionRecord | undefined> {
    if (version === latest && this.batched) {
      const record = await this.batched.latest.load(productId);
      // A newer version was published since the model's state: that state's latest is read on its own.
      if (record?.version === version) return record;
    }
    return this.store.getVersion(productId, version);
  }

  private async history(productId: string): Promise<VersionSummary[]> {
    return this.batched ? ((await this.batched.histories.load(productId)) ?? []) : this.store.listVersions(productId);
  }

  /** The model at a state no older than a change stamp read after this call. */
  current(): Promise<CatalogModel> {
    return this.model.current();
  }

  /** A product's page data (its latest version, or `version`); undefined when either is absent in that state. */
  async productPage(productId: string, version?: string): Promise<ProductPageData | undefined> {
    const model = await this.model.current();
    const stamp = model.stamp;
    const latest = model.summary(productId)?.version;
    if (latest === undefined) return undefined;
    // Read from the model before any other wait: all of it of state `stamp`.
    const upstream = model.upstream(productId);
    const consumers = model.consumers(productId);
    const [record, history, latestRuns, runs] = await Promise.all([
      this.record(productId, version ?? latest, latest),
      this.history(productId),
      this.store.latestRuns(productId),
      this.store.listRuns(productId, { limit: RECENT_RUNS }),
    ]);
    if (!record) return undefined;
    return { record, versions: historyAt(history, latest), upstream, consumers, latestRuns, runs: runs.items, stamp };
  }

  /** A version record (the latest one when `version` is omitted), of the model's state. */
  async version(productId: string, version?: string): Promise<Stamped<VersionRecord> | undefined> {
    const model = await this.model.current();
    const stamp = model.stamp;
    const latest = model.summary(productId)?.version;
    if (latest === undefined) return undefined;
    const record = await this.record(productId, version ?? latest, latest);
    return record && { value: record, stamp };
  }

  /**
   * Test runs of a product, newest first, labelled with the model's state before they are read: a
   * run recorded later is a change of the product, which drops what shows it (README.md).
   */
  async runs(productId: string, query: RunQuery): Promise<Stamped<RunPage>> {
    const stamp = (await this.model.current()).stamp;
    return { value: await this.store.listRuns(productId, query), stamp };
  }

  /** The latest run of each output port and server of a product, as `runs` labels them. */
  async latestRuns(productId: string): Promise<Stamped<StoredRun[]>> {
    const stamp = (await this.model.current()).stamp;
    return { value: await this.store.latestRuns(productId), stamp };
  }

  /** The versions of a product, newest first, of the model's state (empty for a product it does not hold). */
  async versions(productId: string): Promise<Stamped<VersionSummary[]>> {
    const model = await this.model.current();
    const stamp = model.stamp;
    const latest = model.summary(productId)?.version;
    if (latest === undefined) return { value: [], stamp };
    return { value: historyAt(await this.history(productId), latest), stamp };
  }
}

/** A history read later, as it was when `latest` was the product's latest version. */
function historyAt(history: VersionSummary[], latest: string): VersionSummary[] {
  const at = history.findIndex((v) => v.version === latest);
  return at <= 0 ? history : history.slice(at);
}
