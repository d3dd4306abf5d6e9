/**
 * dp retention apply --server <name>: the rows of the product here older than its
 * contracts' retention, counted, then deleted (one transaction per contract).
 * The first run on a server is a dry run (counts only) unless --no-dry-run; a
 * run that deletes asks for confirmation (or --yes). Each run is recorded in
 * the catalog as a control event; dp test then finds retention kept.
 */
import { log, out, printJson, type Context } from '../context.js';
import { Writers, dataError } from '../control/engine/writers.js';
import { countLines } from '../control/format.js';
import { loadLocalProduct } from '../control/local-product.js';
import { countRetention, executeRetention, planRetention, retentionRecord, type RetentionPlan } from '../control/retention.js';
import { DpError } from '../errors.js';
import { terminalText } from '../util/terminal.js';
import { createPrompter } from '../scaffold/prompts.js';
import { confirmed, timeoutOf, withControl, type EngineCommandOptions } from '../control/session.js';

function describe(plan: RetentionPlan, verb: string): string {
  const work = countLines(
    plan.work.map((w) => ({
      label: `${w.contractId}/${w.target.object} older than ${+w.days.toFixed(3)} d by ${w.column}`,
      rows: w.rows,
      relation: w.relation,
    })),
    verb,
  );
  const left = plan.left.map((l) => `  left: ${terminalText(l.contractId)}${l.object ? `/${terminalText(l.object)}` : ''}: ${terminalText(l.why)}`).join('\n');
  return [work, left].filter(Boolean).join('\n');
}

export default async function retentionApply(ctx: Context, options: EngineCommandOptions): Promise<number> {
  const product = loadLocalProduct(ctx.cwd, options.dir);
  const plan = planRetention(product, options.server, Date.now());
  if (plan.work.length === 0) {
    throw new DpError('usage', `no contract of ${product.productId} with a retention SLA has a server named ${options.server} that dp can delete from`, {
      hint: plan.left.map((l) => l.why).join('; ') || 'declare `retention` (with its element) under slaProperties',
    });
  }
  const writers = new Writers({ env: ctx.env, timeoutMs: timeoutOf(options) });
  try {
    return await withControl(ctx, options, 'write', async (control) => {
      const history = await control.engineHistory(product.productId, options.server, 'retention');
      const dryRun = options.dryRun ?? history.length === 0;
      await countRetention(plan, writers).catch((error: unknown) => Promise.reject(dataError(error)));
      const rows = plan.work.reduce((n, w) => n + (w.rows ?? 0), 0);
      const report = (applied: boolean) =>
        ctx.json &&
        printJson(ctx, { catalog: control.location, productId: product.productId, server: options.server, dryRun, applied, ...retentionRecord(plan) });
      if (!ctx.json) out(ctx, describe(plan, dryRun ? 'to delete' : 'past retention'));
      if (dryRun) {
        await control.recordEngine(product.productId, options.server, 'retention', 'planned', retentionRecord(plan));
        report(false);
        if (!ctx.json)
          log(
            ctx,
            `dp: dry run${history.length === 0 ? ` (the first on server ${options.server})` : ''}: nothing was deleted; run again${history.length === 0 ? '' : ' without --dry-run'} to delete`,
          );
        return 0;
      }
      if (
        rows > 0 &&
        !(await confirmed(ctx, options.yes, `delete ${rows} row${rows === 1 ? '' : 's'} past retention on server ${options.server}?`, () =>
          createPrompter(ctx),
        ))
      ) {
        log(ctx, 'dp: not confirmed: nothing was deleted');
        return 1;
      }
      if (rows > 0) await executeRetention(plan, writers).catch((error: unknown) => Promise.reject(dataError(error)));
      await control.recordEngine(product.productId, options.server, 'retention', 'applied', retentionRecord(plan));
      report(true);
      if (!ctx.json) {
        if (rows > 0) out(ctx, describe(plan, 'deleted'));
        log(ctx, `dp: ${rows > 0 ? `deleted ${rows} row${rows === 1 ? '' : 's'}` : 'no row past retention'}; recorded in ${control.location}`);
      }
      return 0;
    });
  } finally {
    await writers.close();
  }
}
