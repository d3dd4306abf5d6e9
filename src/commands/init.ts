/** dp init [dir]: options -> scaffold (prepare, write) -> report. */
import { log, out, printJson, type Context } from '../context.js';
import { listPacks, loadOrganisationPacks } from '../scaffold/pack-list.js';
import { buildReport, formatReport } from '../scaffold/report.js';
import { prepare, write, type Environment, type InitOptions } from '../scaffold/scaffold.js';
import { environmentOf } from '../scaffold/environment.js';

interface InitCommandOptions extends InitOptions {
  listTemplates?: boolean;
}

async function listTemplates(ctx: Context): Promise<number> {
  await loadOrganisationPacks(ctx.cwd);
  const packs = listPacks(ctx.cwd);
  if (ctx.json) {
    printJson(ctx, { templates: packs });
    return 0;
  }
  const width = Math.max(...packs.map((p) => p.id.length));
  for (const p of packs) out(ctx, `${p.id.padEnd(width)}  ${p.version.padEnd(6)}  ${p.description}${p.origin === 'builtin' ? '' : ` (${p.origin}: ${p.dir})`}`);
  return 0;
}

export default async function init(ctx: Context, options: InitCommandOptions, dir?: string): Promise<number> {
  if (options.listTemplates) return listTemplates(ctx);
  const env: Environment = environmentOf(ctx);
  const prepared = await prepare(env, options, dir);
  const written = options.dryRun ? undefined : await write(env, prepared, options);
  const report = buildReport(ctx.cwd, prepared.plan, prepared.pack, Boolean(options.dryRun), {
    notes: written?.notes ?? [],
    recovered: prepared.recovered,
    backup: written?.applied.backup,
    git: written?.git,
    placeholders: prepared.placeholders,
  });
  if (ctx.json) printJson(ctx, report);
  else out(ctx, formatReport(report).trimEnd());
  if (!ctx.json) for (const note of report.notes) log(ctx, `note: ${note}`);
  return 0;
}
