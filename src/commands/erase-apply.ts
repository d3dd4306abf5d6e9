/**
 * dp erase apply --server <name>: the product here executes its open erasure
 * tasks on a server: counts first, then (confirmed, or --yes) one transaction
 * per task and engine, and each task's rows erased recorded in the catalog.
 * Never prints the subject's identifier (its output may end up in logs).
 */
import { log, out, printJson, type Context } from '../context.js';
import { countErasure, executeErasure, planErasure, type TaskWork } from '../control/erasure/apply.js';
import type { RecordOutcome } from '../control/erasure/tasks.js';
import { Writers, dataError } from '../control/engine/writers.js';
import { countLines } from '../control/format.js';
import { loadLocalProduct } from '../control/local-product.js';
import type { ControlPlane } from '../control/plane.js';
import { terminalText } from '../util/terminal.js';
import { createPrompter } from '../scaffold/prompts.js';
import { confirmed, timeoutOf, withControl, type EngineCommandOptions } from '../control/session.js';

function describe(plans: TaskWork[], verb: string): string {
  return plans
    .map((p) => {
      const work = countLines(
        p.work.map((w) => ({ label: `${w.object.contractId}/${w.object.object}`, rows: w.rows, relation: w.relation })),
        verb,
      );
      const left = p.left.map((l) => `  left: ${terminalText(`${l.object.contractId}/${l.object.object}`)}: ${terminalText(l.why)}`).join('\n');
      return [`${terminalText(p.task.id)}  (${terminalText(p.task.kind)}, due ${p.task.deadline.slice(0, 10)})`, work, left].filter(Boolean).join('\n');
    })
    .join('\n');
}

function summary(plans: TaskWork[], outcomes: Map<string, RecordOutcome>) {
  return plans.map((p) => ({
    task: p.task.id,
    kind: p.task.kind,
    objects: p.work.map((w) => ({ contractId: w.object.contractId, object: w.object.object, relation: w.relation, rows: w.rows ?? 0 })),
    left: p.left.map((l) => ({ contractId: l.object.contractId, object: l.object.object, why: l.why })),
    status: outcomes.get(p.task.id)?.task.status ?? p.task.status,
  }));
}

async function execute(ctx: Context, control: ControlPlane, plans: TaskWork[], writers: Writers, server: string): Promise<Map<string, RecordOutcome>> {
  const outcomes = new Map<string, RecordOutcome>();
  for (const plan of plans.filter((p) => p.work.length > 0)) {
    await executeErasure(plan, writers).catch((error: unknown) => Promise.reject(dataError(error)));
    const serverType = String(plan.work[0].server.type);
    const objects = plan.work.map((w) => ({ contractId: w.object.contractId, object: w.object.object, rows: w.rows ?? 0 }));
    outcomes.set(plan.task.id, await control.recordTask(plan.task.id, { kind: 'applied', server, serverType, objects }));
  }
  return outcomes;
}

export default async function eraseApply(ctx: Context, options: EngineCommandOptions): Promise<number> {
  const product = loadLocalProduct(ctx.cwd, options.dir);
  const writers = new Writers({ env: ctx.env, timeoutMs: timeoutOf(options) });
  try {
    return await withControl(ctx, options, 'write', async (control) => {
      const tasks = await control.pendingTasks(product.productId);
      const plans = planErasure(tasks, product, options.server);
      await countErasure(plans, writers).catch((error: unknown) => Promise.reject(dataError(error)));
      const rows = plans.reduce((n, p) => n + p.work.reduce((m, w) => m + (w.rows ?? 0), 0), 0);
      const report = (outcomes: Map<string, RecordOutcome>, dryRun: boolean) =>
        printJson(ctx, { catalog: control.location, productId: product.productId, server: options.server, dryRun, tasks: summary(plans, outcomes) });
      if (tasks.length === 0) {
        if (ctx.json) report(new Map(), Boolean(options.dryRun));
        else log(ctx, `dp: no open erasure task for ${terminalText(product.productId)}`);
        return 0;
      }
      if (!ctx.json) out(ctx, describe(plans, 'to erase'));
      if (plans.every((p) => p.work.length === 0)) {
        if (ctx.json) report(new Map(), Boolean(options.dryRun));
        else
          log(
            ctx,
            `dp: nothing dp can erase on server ${terminalText(options.server)}: erase by the product's own means, then dp erase confirm <task> --note "..."`,
          );
        return 0;
      }
      if (options.dryRun) {
        if (ctx.json) report(new Map(), true);
        else log(ctx, 'dp: dry run: nothing was erased');
        return 0;
      }
      if (
        rows > 0 &&
        !(await confirmed(ctx, options.yes, `erase ${rows} row${rows === 1 ? '' : 's'} on server ${options.server}?`, () => createPrompter(ctx)))
      ) {
        log(ctx, 'dp: not confirmed: nothing was erased');
        return 1;
      }
      const outcomes = await execute(ctx, control, plans, writers, options.server);
      if (ctx.json) report(outcomes, false);
      else {
        out(ctx, describe(plans, 'erased'));
        const done = [...outcomes.values()].filter((o) => o.task.status === 'done').length;
        log(ctx, `dp: ${done} of ${plans.length} task${plans.length === 1 ? '' : 's'} done and recorded in ${control.location}`);
        if (plans.some((p) => p.left.length > 0))
          log(ctx, '  what is left must be erased by the product\'s own means, then: dp erase confirm <task> --note "..."');
      }
      return 0;
    });
  } finally {
    await writers.close();
  }
}
