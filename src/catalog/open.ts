/**
 * Opening a catalog by location. Database drivers load lazily here and only
 * here, so that commands which never touch the catalog (`dp validate`) never
 * load better-sqlite3 or pg.
 *
 * - `openStore` gives a storage backend (SQLite or PostgreSQL): for the CLI and
 *   for `dp catalog serve`.
 * - `openCatalog` gives a `Catalog` for any location: a local store wrapped
 *   with the publishing rules, or, for `http(s)://`, a client of a catalog
 *   server (src/catalog/http/client.ts).
 */
import { DpError } from '../errors.js';
import type { CatalogLocation } from './location.js';
import type { Catalog, CatalogStore, OpenOptions } from './store.js';

export type { OpenOptions };

export async function openStore(location: CatalogLocation, options: OpenOptions): Promise<CatalogStore> {
  switch (location.kind) {
    case 'sqlite': {
      const { openSqliteStore } = await import('./sqlite/store.js');
      return openSqliteStore(location.path, options);
    }
    case 'postgres': {
      const { openPostgresStore } = await import('./postgres/store.js');
      return openPostgresStore(location.url, options);
    }
    case 'http':
      throw new DpError('usage', `${location.display} is a catalog server, not a database`, {
        hint: 'give `dp catalog serve` a SQLite file or a postgres:// URL',
      });
  }
}

/** A local store with the publishing rules of src/catalog/publish.ts. */
export class LocalCatalog implements Catalog {
  constructor(readonly store: CatalogStore) {}
  get location() {
    return this.store.location;
  }
  get kind() {
    return this.store.kind;
  }
  listProducts(...a: Parameters<Catalog['listProducts']>) {
    return this.store.listProducts(...a);
  }
  facets() {
    return this.store.facets();
  }
  getVersion(...a: Parameters<Catalog['getVersion']>) {
    return this.store.getVersion(...a);
  }
  listVersions(...a: Parameters<Catalog['listVersions']>) {
    return this.store.listVersions(...a);
  }
  edges() {
    return this.store.edges();
  }
  consumers(...a: Parameters<Catalog['consumers']>) {
    return this.store.consumers(...a);
  }
  upstream(...a: Parameters<Catalog['upstream']>) {
    return this.store.upstream(...a);
  }
  contractPublishers(...a: Parameters<Catalog['contractPublishers']>) {
    return this.store.contractPublishers(...a);
  }
  /** A local writer: it holds the database, so no token tells who it is (src/catalog/ownership.ts). */
  async publish(...[candidates, options]: Parameters<Catalog['publish']>) {
    const [{ publishToStore }, { LOCAL_WRITER }] = await Promise.all([import('./publish.js'), import('./ownership.js')]);
    return publishToStore(this.store, candidates, options, LOCAL_WRITER);
  }
  listRuns(...a: Parameters<Catalog['listRuns']>) {
    return this.store.listRuns(...a);
  }
  latestRuns(...a: Parameters<Catalog['latestRuns']>) {
    return this.store.latestRuns(...a);
  }
  /** A local writer records runs of any product (as it may publish any). */
  async recordRuns(...[runs, options]: Parameters<Catalog['recordRuns']>) {
    const [{ recordRuns }, { LOCAL_WRITER }] = await Promise.all([import('./record-runs.js'), import('./ownership.js')]);
    return recordRuns(this.store, runs, options, LOCAL_WRITER);
  }
  close() {
    return this.store.close();
  }
}

export async function openCatalog(location: CatalogLocation, options: OpenOptions): Promise<Catalog> {
  if (location.kind === 'http') {
    const { openHttpCatalog } = await import('./http/client.js');
    return openHttpCatalog(location, options);
  }
  return new LocalCatalog(await openStore(location, options));
}
