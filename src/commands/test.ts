/** dp test [paths...]: validate -> test each output port's contract against its data -> reporters -> exit code. */
import { createColors } from 'picocolors';
import { log, out, printJson, type Context } from '../context.js';
import { usageError } from '../errors.js';
import { destinations, writeReport, type Destination } from '../output.js';
import { MEANINGS } from '../data/explain.js';
import { durationMs, sinceInstant } from '../data/durations.js';
import { loadTestReporter } from '../data/reporters/index.js';
import type { TestFormat } from '../data/reporters/types.js';
import { testPaths } from '../data/run.js';
import { CHECK_CATEGORIES, type CheckCategory, type TestRun } from '../data/types.js';
import { validatePaths, type ValidationRun } from '../validate/run.js';
import { terminalLines, terminalText } from '../util/terminal.js';
import { dpVersion } from '../version.js';
import { openTestCatalog, reportRecorded } from '../data/test-catalog.js';

export interface TestCommandOptions {
  server?: string;
  port?: string;
  checks?: string;
  since?: string;
  format?: TestFormat[];
  output?: string[];
  samples?: number;
  showRestricted?: boolean;
  timeout?: string;
  jobs?: number;
  explain?: boolean;
  policies?: string;
  config?: string;
  externalData?: boolean;
  /** Record the run in the catalog. */
  publish?: boolean;
  catalog?: string;
  publisher?: string;
}

const DEFAULT_TIMEOUT = '10m';

function categories(text: string | undefined): CheckCategory[] {
  if (text === undefined) return [...CHECK_CATEGORIES];
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wrong = list.filter((c) => !CHECK_CATEGORIES.includes(c as CheckCategory));
  if (wrong.length > 0 || list.length === 0) throw usageError(`--checks takes ${CHECK_CATEGORIES.join(', ')} (comma separated), got ${text}`);
  return list as CheckCategory[];
}

function explain(ctx: Context): number {
  if (ctx.json) {
    printJson(ctx, MEANINGS);
    return 0;
  }
  const c = createColors(ctx.color);
  out(ctx, 'What dp test measures where ODCS leaves the meaning open (docs/test.md has the same):');
  for (const m of MEANINGS) out(ctx, `\n${c.bold(m.check)}\n  ${m.meaning}\n  ${c.dim(`why: ${m.why}`)}`);
  return 0;
}

function pathProblems(ctx: Context, validation: ValidationRun): boolean {
  for (const path of validation.missing) log(ctx, `dp: ${path}: no such file or directory`);
  for (const path of validation.empty) log(ctx, `dp: ${path}: no data product or contract found`);
  for (const { path, reason } of validation.unreadable)
    log(ctx, `dp: ${terminalText(path)}: directory cannot be read (${reason}); products under it were not tested`);
  return validation.missing.length + validation.empty.length + validation.unreadable.length > 0;
}

function exitCode(run: TestRun, badPaths: boolean, ctx: Context): number {
  const tested = run.ports.filter((p) => p.status !== 'skipped' && p.status !== 'error').length;
  if (run.ports.length === 0) log(ctx, 'dp: nothing to test (no output port with a contract was found)');
  else if (tested === 0) log(ctx, 'dp: no port could be tested');
  if (badPaths || tested === 0 || run.summary.errors > 0) return 2;
  return run.summary.failing > 0 ? 1 : 0;
}

export default async function test(ctx: Context, options: TestCommandOptions, paths: string[] = []): Promise<number> {
  if (options.explain) return explain(ctx);
  const targets = destinations(ctx, options.format ?? [ctx.json ? 'json' : 'stylish'], options.output);
  const now = Date.now();
  const sinceLast = options.since?.trim() === 'last';
  const since = options.since === undefined || sinceLast ? undefined : sinceInstant(options.since, now);
  if (options.since !== undefined && !sinceLast && since === undefined)
    throw usageError(
      `--since ${options.since} is neither a duration, a timestamp nor \`last\``,
      'for example --since 24h, --since 7d, --since 2026-01-31T00:00:00Z, or --since last with a catalog',
    );
  const timeoutMs = durationMs(options.timeout ?? DEFAULT_TIMEOUT);
  if (timeoutMs === undefined || timeoutMs <= 0)
    throw usageError(`--timeout ${options.timeout} is not a duration`, 'for example --timeout 90s or --timeout 15m');
  const checks = categories(options.checks);
  const catalog = await openTestCatalog(ctx, { ...options, sinceLast });
  try {
    return await testWith(ctx, options, paths, { targets, now, since, timeoutMs, checks, catalog });
  } finally {
    await catalog?.catalog.close();
  }
}

interface Prepared {
  targets: Array<Destination<TestFormat>>;
  now: number;
  since: number | undefined;
  timeoutMs: number;
  checks: CheckCategory[];
  catalog: Awaited<ReturnType<typeof openTestCatalog>>;
}

async function testWith(
  ctx: Context,
  options: TestCommandOptions,
  paths: string[],
  { targets, now, since, timeoutMs, checks, catalog }: Prepared,
): Promise<number> {
  const validation = await validatePaths({ cwd: ctx.cwd, paths, policiesPath: options.policies, configPath: options.config });
  const badPaths = pathProblems(ctx, validation);
  const run = await testPaths(
    {
      cwd: ctx.cwd,
      paths,
      port: options.port,
      policiesPath: options.policies,
      configPath: options.config,
      server: options.server,
      categories: checks,
      compile: { now, since, personalPatterns: [] },
      env: ctx.env,
      timeoutMs,
      jobs: options.jobs ?? 4,
      externalData: Boolean(options.externalData),
      limit: options.samples ?? 5,
      showRestricted: Boolean(options.showRestricted),
      progress: (line) => log(ctx, `dp: ${terminalLines(line)}`),
      trace: ctx.debug ? (line) => log(ctx, `dp: ${terminalLines(line)}`) : undefined,
      history: catalog?.history,
    },
    validation,
  );
  for (const { format, file } of targets) {
    const text = (await loadTestReporter(format))(run, { color: file === undefined && ctx.color, version: dpVersion() });
    writeReport(ctx, file, text);
  }
  const code = exitCode(run, badPaths, ctx);
  const recorded = options.publish && catalog ? await reportRecorded(ctx, catalog.catalog, run, options.publisher) : true;
  return recorded ? code : Math.max(code, 1);
}
