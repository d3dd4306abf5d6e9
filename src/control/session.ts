/**
 * What the control commands share: reaching the control plane of the catalog
 * they are given. A catalog server is asked through its API with the token of
 * DP_CATALOG_TOKEN; a SQLite file or postgres:// URL is the store itself, and
 * the command a local writer (it holds the database: it may do anything, and
 * says for which team it acts with --team).
 */
import type { Context } from '../context.js';
import type { CatalogLocation } from '../catalog/location.js';
import { openStore } from '../catalog/open.js';
import { resolvePublisher } from '../catalog/publisher.js';
import { locate, type CatalogOptions } from '../catalog/session.js';
import { StoreControl, type ControlPlane } from './plane.js';
import { controlSettings, type ControlSettings } from './settings.js';
import { durationMs } from '../data/durations.js';
import { DpError } from '../errors.js';
import { PolicyResolver } from '../validate/policies/resolve.js';
import { openHttpControl } from './http.js';

export interface ControlOptions extends CatalogOptions {
  /** The team a local writer acts for. */
  team?: string;
  policies?: string;
}

/** The options of the commands that act on an engine (access, erase and retention apply). */
export interface EngineCommandOptions extends ControlOptions {
  server: string;
  dir?: string;
  dryRun?: boolean;
  yes?: boolean;
  timeout?: string;
}

/** --timeout: the longest a statement may run on the engine (10 minutes by default). */
export function timeoutOf(options: { timeout?: string }): number {
  const ms = durationMs(options.timeout ?? '10m');
  if (ms === undefined || ms <= 0)
    throw new DpError('usage', `--timeout ${options.timeout} is not a duration`, { hint: 'for example --timeout 90s or --timeout 15m' });
  return ms;
}

/** The control settings of the organisation policy that applies here (dp.config.yaml upward, or --policies). */
export async function localSettings(ctx: Context, options: ControlOptions): Promise<ControlSettings> {
  const resolver = new PolicyResolver({ cwd: ctx.cwd, policiesPath: options.policies, configPath: options.config });
  await resolver.prepare([ctx.cwd]);
  return controlSettings(resolver.forDir(ctx.cwd).control);
}

async function openControl(ctx: Context, options: ControlOptions, location: CatalogLocation, mode: 'read' | 'write'): Promise<ControlPlane> {
  if (location.kind === 'http') return openHttpControl(location, ctx.env.DP_CATALOG_TOKEN, ctx.env);
  const settings = await localSettings(ctx, options);
  const store = await openStore(location, { mode });
  const actor = { kind: 'local' as const, name: resolvePublisher(undefined, ctx.env, ctx.cwd), team: options.team?.trim() || undefined };
  return new StoreControl(store, actor, settings, () => new Date(), true);
}

/** Opens the control plane of the catalog, runs `fn`, and closes it whatever happens. */
export async function withControl<T>(ctx: Context, options: ControlOptions, mode: 'read' | 'write', fn: (control: ControlPlane) => Promise<T>): Promise<T> {
  const control = await openControl(ctx, options, await locate(ctx, options), mode);
  try {
    return await fn(control);
  } finally {
    await control.close();
  }
}

/** What asks a question on the terminal (the commands give src/scaffold/prompts.ts's prompter). */
export interface Confirmer {
  askConfirm(message: string, defaultValue?: boolean): Promise<boolean>;
}

/**
 * A destructive step goes ahead only when confirmed: with --yes, or by answering yes on a terminal.
 * Without a terminal and without --yes it stops before anything changed (exit 2, naming the flag).
 */
export async function confirmed(ctx: Context, yes: boolean | undefined, question: string, prompter: () => Promise<Confirmer>): Promise<boolean> {
  if (yes) return true;
  if (!ctx.interactive) throw new DpError('usage', `${question.replace(/\?$/, '')}: confirm with --yes (there is no terminal to ask on); nothing was changed`);
  return (await prompter()).askConfirm(question, false);
}
