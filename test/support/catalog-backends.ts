/**
 * Both catalog backends for end-to-end tests: each gives fresh catalog
 * locations (a SQLite file, or a new PostgreSQL database) and opens stores on
 * them for checks. PostgreSQL follows pgSuiteMode: it fails under CI when
 * unavailable, and is skipped loudly otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/catalog/postgres/store.js';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
import type { CatalogStore } from '../../src/catalog/store.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from './postgres.js';

export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  /** A location for --catalog / DP_CATALOG holding an empty (not yet created) catalog. */
  newCatalog(): Promise<string>;
  open(location: string): Promise<CatalogStore>;
  stop(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'dp-backend-'));
  let n = 0;
  return {
    name: 'SQLite',
    newCatalog: async () => join(dir, `catalog-${++n}.db`),
    open: (location) => openSqliteStore(location, { mode: 'read', missingIsEmpty: true }),
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresBackend(): Promise<Backend> {
  const server: TestPostgres = await startPostgres();
  return {
    name: 'PostgreSQL',
    newCatalog: () => server.newDatabase(),
    open: (location) => openPostgresStore(location, {}),
    stop: () => server.stop(),
  };
}

/** The backends to run a suite on, and a failure to report when PostgreSQL must run but cannot. */
export function backendPlan(): { factories: Array<[Backend['name'], () => Promise<Backend>]>; pgFailure?: string } {
  const mode = pgSuiteMode();
  const factories: Array<[Backend['name'], () => Promise<Backend>]> = [['SQLite', sqliteBackend]];
  if (mode.run) factories.push(['PostgreSQL', postgresBackend]);
  return { factories, pgFailure: mode.failReason };
}
