/**
 * Testing one output port's contract: compile what to measure, choose the
 * server, open its connector, test the objects (several at once), close.
 * Whatever goes wrong is a result (a port error or a check's status), never an
 * exception: the other ports and products go on.
 */
import { dirname } from 'node:path';
import type { SourceFile } from '../descriptor/source.js';
import { mapLimited } from '../util/limit.js';
import { compileContract } from './compile/index.js';
import type { CompileOptions } from './compile/context.js';
import { DataError } from './connectors/connector.js';
import { openConnector, testable } from './connectors/open.js';
import { listed, type Owner } from './results.js';
import { chooseServer } from './server-choice.js';
import { testObject, type ObjectOutcome, type ObjectTestOptions } from './test-object.js';
import type { CheckCategory, CheckResult, PortRun } from './types.js';
import type { StoredRun } from '../catalog/runs.js';
import { frequencyResult, HISTORY_RUNS } from './frequency.js';

export interface PortTarget {
  product?: string;
  productVersion?: string;
  port?: string;
  contract: SourceFile;
  /** The repository the contract belongs to (a real path): local data is read inside it only. */
  root: string;
}

export interface PortTestOptions extends Omit<ObjectTestOptions, 'nowSeconds' | 'sinceSeconds'> {
  compile: CompileOptions;
  categories: readonly CheckCategory[];
  server?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  jobs: number;
  /** Also read data files outside the repository (--external-data). */
  externalData?: boolean;
  progress: (line: string) => void;
  /** The catalog's published runs: for SLA frequency, and --since last. */
  history?: PortHistory;
}

export interface PortHistory {
  /** Published runs of a product's port on a server, newest first. */
  runs(product: string, port: string, server: string, limit: number): Promise<StoredRun[]>;
  /** Test only the rows newer than the watermark of the last published run of the port and server. */
  sinceLast: boolean;
}

/** The published runs of the port on this server, or why they could not be read. */
async function readHistory(target: PortTarget, server: string, history: PortHistory | undefined): Promise<StoredRun[] | undefined> {
  if (!history || target.product === undefined || target.port === undefined) return undefined;
  return history.runs(target.product, target.port, server, HISTORY_RUNS);
}

/** `--since last`: the newest watermark a published run of the port and server recorded (epoch ms), with what to tell. */
function sinceLast(target: PortTarget, runs: StoredRun[] | undefined): { since?: number; note: string } {
  if (target.product === undefined || target.port === undefined)
    return { note: `--since last: ${target.contract.display} is no product's port, so it has no published runs: every row is tested` };
  const last = runs?.find((r) => r.watermark !== null);
  if (!last) return { note: `--since last: no published run of ${target.product}:${target.port} on this server has a watermark yet: every row is tested` };
  return { since: Date.parse(last.watermark!), note: `--since last: rows newer than ${last.watermark} (the watermark of run ${last.id}, ${last.startedAt})` };
}

export interface PortOutcome {
  run: PortRun;
  results: CheckResult[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function label(target: PortTarget): string {
  return target.product ? `${target.product}:${target.port ?? '?'}` : target.contract.display;
}

export async function testPort(target: PortTarget, options: PortTestOptions): Promise<PortOutcome> {
  const started = Date.now();
  const contractId = typeof target.contract.value?.id === 'string' ? target.contract.value.id : target.contract.display;
  const contractVersion = typeof target.contract.value?.version === 'string' ? target.contract.value.version : undefined;
  const run: PortRun = {
    product: target.product,
    productVersion: target.productVersion,
    port: target.port,
    contract: contractId,
    contractVersion,
    contractFile: target.contract.display,
    status: 'passed',
    startedAt: iso(started),
    finishedAt: iso(started),
  };
  const finish = (status: PortRun['status'], message?: string, results: CheckResult[] = []): PortOutcome => ({
    run: { ...run, status, message, finishedAt: iso(Date.now()) },
    results,
  });
  const choice = chooseServer(target.contract.value, options.server);
  if ('error' in choice) return finish(options.server !== undefined ? 'skipped' : 'error', choice.hint ? `${choice.error} (${choice.hint})` : choice.error);
  const { server, reason } = choice;
  Object.assign(run, { server: server.server, serverType: server.type, serverReason: reason });
  if (!testable(server))
    return finish('skipped', `server \`${server.server}\` is of type ${server.type}, which dp cannot test yet (it tests local, duckdb and postgres servers)`);
  let history: StoredRun[] | undefined;
  try {
    history = await readHistory(target, server.server, options.history);
  } catch (error) {
    return finish('error', `cannot read the published runs of the port from the catalog: ${String((error as Error)?.message ?? error)}`);
  }
  let compile = options.compile;
  if (options.history?.sinceLast) {
    const last = sinceLast(target, history);
    options.progress(last.note);
    compile = { ...compile, since: last.since };
    if (last.since !== undefined) run.since = iso(last.since);
  } else if (compile.since !== undefined) run.since = iso(compile.since);
  const plan = compileContract(target.contract, compile, options.categories);
  const owner = { product: target.product, port: target.port, contract: plan.id, server: server.server };
  options.progress(`testing ${label(target)} on server ${server.server} (${server.type}, ${reason})`);
  let connector;
  try {
    connector = await openConnector(server, plan.objects, {
      baseDir: dirname(target.contract.path),
      env: options.env,
      timeoutMs: options.timeoutMs,
      jobs: options.jobs,
      root: options.externalData ? undefined : target.root,
    });
  } catch (error) {
    const e = error instanceof DataError ? error : new DataError('connection', String((error as Error)?.message ?? error));
    return finish('error', e.hint ? `${e.message} (${e.hint})` : e.message);
  }
  try {
    const results: CheckResult[] = plan.skipped.map((s) => listed({ ...owner, object: '' }, s, s.field?.split('.')[0] ?? ''));
    const objectOptions = { ...options, nowSeconds: compile.now / 1000, sinceSeconds: compile.since === undefined ? undefined : compile.since / 1000 };
    const perObject = await mapLimited(plan.objects, options.jobs, async (object): Promise<ObjectOutcome> => {
      const t0 = Date.now();
      const objectOwner: Owner = { ...owner, object: object.name };
      try {
        return await testObject(connector, object, objectOwner, objectOptions);
      } catch (error) {
        const e = error instanceof DataError ? error : new DataError('query', String((error as Error)?.message ?? error));
        const results = object.checks.map((check) => ({
          ...listed(objectOwner, { ...check, reason: e.message, status: 'error' as const }),
          threshold: check.threshold,
          unit: check.unit,
        }));
        return { results, run: { object: object.name } };
      } finally {
        const seconds = (Date.now() - t0) / 1000;
        if (seconds >= 1) options.progress(`  ${object.name}: ${object.checks.length} checks in ${seconds.toFixed(1)} s`);
      }
    });
    results.push(...perObject.flatMap((o) => o.results));
    run.objects = perObject.map((o) => o.run);
    results.push(...plan.history.map((check) => frequencyResult(check, owner, history, run.objects!)));
    return finish(
      results.some((r) => r.status === 'error') ? 'error' : results.some((r) => r.status === 'failed') ? 'failed' : 'passed',
      `${connector.description}`,
      results,
    );
  } finally {
    await connector.close();
  }
}
