/**
 * dp access apply --server <name>: the catalog's grants on the product here made
 * real on its server (PostgreSQL roles, GRANT and REVOKE). Shows what it will
 * run first; the first run on a server is a dry run unless --no-dry-run; a run
 * that changes something asks for confirmation (or --yes); recorded in the catalog.
 */
import { log, out, printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { accessRecord, accessTargets, applyContractAccess, planContractAccess, type ContractAccess } from '../control/access/apply.js';
import { Writers, dataError } from '../control/engine/writers.js';
import { accessPlanText } from '../control/format.js';
import { loadLocalProduct } from '../control/local-product.js';
import type { ControlPlane } from '../control/plane.js';
import { DpError } from '../errors.js';
import { createPrompter } from '../scaffold/prompts.js';
import { confirmed, timeoutOf, withControl, type EngineCommandOptions } from '../control/session.js';

/** The members the last applied run recorded, to skip recording a run that changed nothing. */
function sameAsLast(history: Array<{ type: string; data: Record<string, unknown> }>, record: Record<string, unknown>): boolean {
  const last = history.filter((e) => e.type === 'applied').pop();
  return last !== undefined && JSON.stringify(last.data.members) === JSON.stringify(record.members);
}

async function plan(
  control: ControlPlane,
  options: EngineCommandOptions,
  ctx: Context,
  writers: Writers,
): Promise<{ productId: string; targets: ContractAccess[] }> {
  const product = loadLocalProduct(ctx.cwd, options.dir);
  const requests = await control.listAccess({ productId: product.productId });
  const targets = accessTargets(product, options.server, requests);
  if (targets.length === 0)
    throw new DpError('usage', `no contract of ${product.productId} has a server named ${options.server}`, {
      hint: 'give --server the name of a server under `servers:` of the contracts',
    });
  for (const t of targets) t.plan = await planContractAccess(t, writers).catch((error: unknown) => Promise.reject(dataError(error)));
  return { productId: product.productId, targets };
}

export default async function accessApply(ctx: Context, options: EngineCommandOptions): Promise<number> {
  const writers = new Writers({ env: ctx.env, timeoutMs: timeoutOf(options) });
  try {
    return await withControl(ctx, options, 'write', async (control) => {
      const { productId, targets } = await plan(control, options, ctx, writers);
      const history = await control.engineHistory(productId, options.server, 'access');
      const dryRun = options.dryRun ?? history.length === 0;
      const statements = targets.filter((t) => t.enforced).reduce((n, t) => n + (t.plan?.statements.length ?? 0), 0);
      const report = (applied: boolean) =>
        ctx.json
          ? printJson(ctx, { catalog: control.location, productId, server: options.server, dryRun, applied, ...accessRecord(targets, applied) })
          : undefined;
      if (!ctx.json) out(ctx, accessPlanText(targets, options.server, colors(ctx.color)));
      if (dryRun || !targets.some((t) => t.enforced)) {
        await control.recordEngine(productId, options.server, 'access', 'planned', accessRecord(targets, false));
        report(false);
        if (!ctx.json)
          log(
            ctx,
            dryRun
              ? `dp: dry run${history.length === 0 ? ` (the first on server ${options.server})` : ''}: nothing was run; run again${history.length === 0 ? '' : ' without --dry-run'} to apply`
              : 'dp: nothing to apply on this engine; the plan is recorded',
          );
        return 0;
      }
      if (
        statements > 0 &&
        !(await confirmed(ctx, options.yes, `run ${statements} statement${statements === 1 ? '' : 's'} on server ${options.server}?`, () =>
          createPrompter(ctx),
        ))
      ) {
        log(ctx, 'dp: not confirmed: nothing was run');
        return 1;
      }
      for (const t of targets) await applyContractAccess(t, writers).catch((error: unknown) => Promise.reject(dataError(error)));
      const record = accessRecord(targets, true);
      if (statements > 0 || !sameAsLast(history, record)) await control.recordEngine(productId, options.server, 'access', 'applied', record);
      report(true);
      if (!ctx.json)
        log(
          ctx,
          statements > 0
            ? `dp: applied ${statements} statement${statements === 1 ? '' : 's'} on server ${options.server}, recorded in ${control.location}`
            : 'dp: nothing to change: the server matches the catalog',
        );
      return 0;
    });
  } finally {
    await writers.close();
  }
}
