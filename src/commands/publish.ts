/** dp publish [dirs...]: validate -> collect candidates -> publish to the catalog -> report. */
import { log, printJson, type Context } from '../context.js';
import { DpError } from '../errors.js';
import { collectCandidates } from '../catalog/candidates.js';
import { countOutcomes, publishReport } from '../catalog/format/publish.js';
import { colors, plural } from '../catalog/format/text.js';
import { resolvePublisher } from '../catalog/publisher.js';
import { withCatalog } from '../catalog/session.js';
import type { CatalogStore, PublishOutcome } from '../catalog/store.js';
import { grantsOn } from '../control/access/affected.js';
import { atLeast } from '../core/finding.js';
import { loadReporter } from '../validate/reporters/index.js';
import { validatePaths, type TargetReport, type ValidationRun } from '../validate/run.js';
import { dpVersion } from '../version.js';

export interface PublishCommandOptions {
  catalog?: string;
  dryRun?: boolean;
  policies?: string;
  config?: string;
  publisher?: string;
  followExternalLinks?: boolean;
  transferOwnership?: boolean;
}

/** Findings that mean a file of the product was not read at all (a FIFO, a device, a link out of the repository...). */
const NOT_READ = new Set(['file-unreadable', 'file-not-regular', 'link-outside-repository']);

function checkPaths(run: ValidationRun): void {
  const problems = [
    ...run.missing.map((p) => `${p}: no such file or directory`),
    ...run.empty.map((p) => `${p}: no data product found`),
    ...run.unreadable.map((u) => `${u.path}: directory cannot be read (${u.reason})`),
  ];
  if (run.targets.every((t) => t.kind !== 'product') && problems.length === 0) problems.push('no data product found (looked for *.odps.yaml)');
  if (problems.length > 0)
    throw new DpError('usage', problems.join('; '), { hint: 'pass the directories holding your products (dataproduct.odps.yaml), or run `dp init`' });
}

async function refuseFindings(ctx: Context, run: ValidationRun, catalog: string | undefined): Promise<number> {
  const failing = run.findings.filter((f) => atLeast(f.severity, 'error'));
  const products = new Set(run.targets.filter((t) => t.findings.some((f) => f.severity === 'error')).map((t) => t.path));
  if (ctx.json) {
    printJson(ctx, { catalog, dryRun: false, refused: 'validation', summary: run.summary, findings: failing, products: [] });
  } else {
    const report = (await loadReporter('stylish'))(
      { ...run, findings: failing },
      { cwd: ctx.cwd, color: ctx.color, version: dpVersion(), failSeverity: 'error' },
    );
    ctx.stdout.write(report);
  }
  log(ctx, `dp: publish refused: ${plural(failing.length, 'error')} in ${plural(products.size, 'product')}; nothing was published`);
  log(ctx, '  hint: fix the findings above (dp validate shows them too), then publish again');
  return 1;
}

/**
 * A product with a file dp would not read is set aside and refused on its own: the others of the
 * run are still published (any other error still refuses the whole run).
 */
function notRead(report: TargetReport): PublishOutcome {
  const refusals = report.findings.filter((f) => NOT_READ.has(f.ruleId)).map((f) => ({ code: f.ruleId, message: f.message }));
  return {
    productId: report.id ?? report.path,
    version: '',
    digest: '',
    status: 'refused',
    previousVersion: null,
    changes: [],
    refusals,
    affectedConsumers: [],
    source: report.path,
  };
}

export default async function publish(ctx: Context, options: PublishCommandOptions, dirs: string[] = []): Promise<number> {
  const read = { followExternalLinks: options.followExternalLinks };
  // Checked as the catalog server checks what it receives: protected rules are never suppressed.
  const run = await validatePaths({ cwd: ctx.cwd, paths: dirs, policiesPath: options.policies, configPath: options.config, publishing: true, ...read });
  checkPaths(run);
  const aside = new Set(run.targets.filter((t) => t.kind === 'product' && t.findings.some((f) => NOT_READ.has(f.ruleId))));
  if (run.targets.some((t) => !aside.has(t) && t.findings.some((f) => atLeast(f.severity, 'error')))) return refuseFindings(ctx, run, options.catalog);
  const candidates = collectCandidates(run, dpVersion(), { skip: aside });
  const publisher = resolvePublisher(options.publisher, ctx.env, ctx.cwd);
  const dryRun = Boolean(options.dryRun);
  const open = dryRun ? { mode: 'read' as const, missingIsEmpty: true } : { mode: 'write' as const };
  return withCatalog(ctx, options, open, async (catalog) => {
    const publishing = {
      publisher,
      dryRun,
      transferOwnership: Boolean(options.transferOwnership),
      grantsOn: (store: CatalogStore, id: string, ports: string[]) => grantsOn(store, id, ports),
    };
    const outcomes = [...(candidates.length > 0 ? await catalog.publish(candidates, publishing) : []), ...[...aside].map(notRead)];
    const counts = countOutcomes(outcomes);
    if (ctx.json) printJson(ctx, { catalog: catalog.location, dryRun, publisher, summary: counts, products: outcomes });
    else {
      ctx.stdout.write(publishReport(outcomes, catalog.location, dryRun, colors(ctx.color)));
      if (run.summary.warnings > 0) log(ctx, `dp: ${plural(run.summary.warnings, 'warning')} from validation (dp validate shows them)`);
    }
    return counts.refused > 0 ? 1 : 0;
  });
}
