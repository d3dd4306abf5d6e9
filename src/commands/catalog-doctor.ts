/**
 * dp catalog doctor: checks a catalog's consistency: the database's own check
 * (SQLite's quick_check) and dp's invariants (every product's latest version
 * exists and is its newest, version counts, port rows, the search index).
 * Exit 0 sound, 1 problems found, 2 the catalog cannot be opened.
 */
import { out, printJson, type Context } from '../context.js';
import { withDatabaseStore } from '../server/token-store.js';

export interface DoctorOptions {
  catalog?: string;
}

export default async function doctor(ctx: Context, options: DoctorOptions): Promise<number> {
  const report = await withDatabaseStore(ctx, options.catalog, 'read', 'checks run', async (store) => ({
    catalog: store.location,
    products: (await store.listProducts({ limit: 1 })).total,
    problems: await store.checkIntegrity(),
  }));
  const sound = report.problems.length === 0;
  if (ctx.json) printJson(ctx, { ...report, sound });
  else if (sound) out(ctx, `catalog ${report.catalog} is sound: ${report.products} products, every check passed`);
  else {
    for (const problem of report.problems) out(ctx, `problem: ${problem}`);
    out(ctx, `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in catalog ${report.catalog}; published versions are never changed by dp, so this is damage from outside (a restore, manual SQL): restore from a backup`);
  }
  return sound ? 0 : 1;
}
