/**
 * The catalog of a `dp test` run: where its runs are published (`--publish`),
 * where `--since last` finds the last watermark, and where SLA frequency reads
 * the history of published runs. Opened when one of those asks for it, or when
 * a catalog is configured (--catalog, DP_CATALOG, dp.config.yaml), for
 * frequency; a configured catalog that cannot be opened only for frequency is
 * a warning, not an error.
 */
import type { Context } from '../context.js';
import { log } from '../context.js';
import { configuredCatalogLocation, resolveCatalogLocation } from '../catalog/location.js';
import { openCatalog } from '../catalog/open.js';
import { resolvePublisher } from '../catalog/publisher.js';
import type { Catalog } from '../catalog/store.js';
import { terminalLines } from '../util/terminal.js';
import { catalogHistory, publishRun } from './evidence.js';
import type { PortHistory } from './test-port.js';
import type { TestRun } from './types.js';

export interface TestCatalogOptions {
  publish?: boolean;
  catalog?: string;
  config?: string;
  sinceLast: boolean;
}

export interface TestCatalog {
  catalog: Catalog;
  history: PortHistory;
}

export async function openTestCatalog(ctx: Context, options: TestCatalogOptions): Promise<TestCatalog | undefined> {
  const request = { flag: options.catalog, cwd: ctx.cwd, env: ctx.env, configPath: options.config };
  const needed = Boolean(options.publish) || options.sinceLast;
  const location = needed ? await resolveCatalogLocation(request) : await configuredCatalogLocation(request);
  if (!location) return undefined;
  try {
    // Reading only: a SQLite catalog that does not exist yet is an empty one (no published runs).
    const open = options.publish ? { mode: 'write' as const } : { mode: 'read' as const, missingIsEmpty: true };
    const catalog = await openCatalog(location, { ...open, token: ctx.env.DP_CATALOG_TOKEN });
    return { catalog, history: catalogHistory(catalog, options.sinceLast) };
  } catch (error) {
    if (needed) throw error;
    log(
      ctx,
      `dp: warning: the catalog ${location.display} cannot be read (${terminalLines(String((error as Error)?.message ?? error))}): SLA frequency is not tested`,
    );
    return undefined;
  }
}

/** Records the run and says what was recorded and refused, on stderr; false when a run was refused. */
export async function reportRecorded(ctx: Context, catalog: Catalog, run: TestRun, publisherFlag: string | undefined): Promise<boolean> {
  const outcomes = await publishRun(catalog, run, resolvePublisher(publisherFlag, ctx.env, ctx.cwd));
  const recorded = outcomes.filter((o) => o.status === 'recorded');
  if (outcomes.length === 0) log(ctx, `dp: nothing to record in ${catalog.location}: no product's port was tested`);
  else if (recorded.length > 0)
    log(
      ctx,
      `dp: recorded ${recorded.length} test run${recorded.length === 1 ? '' : 's'} in ${catalog.location}: ${recorded.map((o) => `${o.productId}@${o.productVersion}:${o.port} on ${o.server} (run ${o.id})`).join(', ')}`,
    );
  for (const o of outcomes) if (o.refusal) log(ctx, `dp: not recorded: ${terminalLines(o.refusal.message)} (${o.refusal.code})`);
  return recorded.length === outcomes.length;
}
