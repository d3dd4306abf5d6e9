/**
 * `dp catalog doctor`: the database's own consistency checks and dp's invariants, then every
 * stored version read back and checked (see doctor-checks.ts). Damage (exit 1) is told apart
 * from odd content (warnings, exit 0); a database that fails while being read is damage too,
 * since other commands may still read most of it.
 */
import { DpError } from '../errors.js';
import { checkVersion } from './doctor-checks.js';
import { MAX_LIMIT } from './rows.js';
import type { CatalogStore } from './store.js';

export interface DoctorReport {
  catalog: string;
  products: number;
  versions: number;
  /** The database no longer holds what was published: for an operator to repair. */
  damage: string[];
  /** Published content that does not fit what dp expects: reported, nothing to repair. */
  oddities: string[];
}

const DAMAGE_CODES = /^(SQLITE_CORRUPT|SQLITE_NOTADB|SQLITE_IOERR|XX001|XX002)/;

/** A read that fails because the database is damaged, as a line of the report; other errors propagate. */
function damageIn(error: unknown): string | undefined {
  const cause = error instanceof DpError ? (error.cause as { code?: string } | undefined) : (error as { code?: string });
  if (!DAMAGE_CODES.test(String(cause?.code ?? ''))) return undefined;
  return `the database fails when read: ${(error as Error).message}`;
}

async function productIds(store: CatalogStore): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = await store.listProducts({ limit: MAX_LIMIT, offset: ids.length });
    ids.push(...page.items.map((p) => p.id));
    if (page.items.length < MAX_LIMIT) return ids;
  }
}

async function scan(store: CatalogStore, report: DoctorReport): Promise<void> {
  const ids = await productIds(store);
  report.products = ids.length;
  for (const id of ids) {
    for (const summary of await store.listVersions(id)) {
      report.versions += 1;
      const record = await store.getVersion(id, summary.version);
      if (!record) {
        report.damage.push(`version ${id}@${summary.version}: listed but cannot be read`);
        continue;
      }
      const { damage, oddities } = checkVersion(record);
      report.damage.push(...damage);
      report.oddities.push(...oddities);
    }
  }
}

export async function examine(store: CatalogStore): Promise<DoctorReport> {
  const report: DoctorReport = { catalog: store.location, products: 0, versions: 0, damage: [], oddities: [] };
  for (const step of [async () => report.damage.push(...(await store.checkIntegrity())), () => scan(store, report)]) {
    try {
      await step();
    } catch (error) {
      const damage = damageIn(error);
      if (!damage) throw error;
      report.damage.push(damage);
    }
  }
  report.damage = [...new Set(report.damage)];
  return report;
}
