/**
 * Validating many products: discovery, then checking each target, on several
 * threads for a large mesh. Threads share one counter (a SharedArrayBuffer) and
 * claim the next batch of targets from it, so the load balances itself.
 */
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { discover, type Target, type Unreadable } from '../descriptor/discover.js';
import { DpError } from '../errors.js';
import { fromRoot } from '../paths.js';
import { sampleIdleCores, threadsFor } from '../util/threads.js';
import type { Skipped } from '../descriptor/peek.js';
import { displayPath } from '../descriptor/product.js';
import { toFinding } from './engine.js';
import { compareFindings, summarise, type Finding, type Summary } from '../core/finding.js';
import { PolicyResolver, type PolicyOptions } from './policies/resolve.js';
import fileSkipped, { skippedReport } from './rules/file-skipped.js';
import { checkTarget, loadTarget, targetDir, type ReadOptions, type TargetReport } from './targets.js';
import { outputContractIds, productInputs } from '../descriptor/input-ports.js';

export { targetDir, type ReadOptions, type TargetReport };

export interface ValidateOptions extends PolicyOptions, Omit<ReadOptions, 'catalog'> {
  paths: string[];
  /** Threads to use; by default as many as idle cores and the size of the work justify (src/util/threads.ts). */
  jobs?: number;
  /** The configured catalog: input ports are checked against what it publishes. */
  catalog?: CatalogLookup;
}

/** A catalog as validation asks it: which of these contract ids some product publishes. */
export interface CatalogLookup {
  location: string;
  publishers(contractIds: string[]): Promise<Map<string, string[]>>;
}

export interface ValidationRun {
  targets: TargetReport[];
  findings: Finding[];
  summary: Summary;
  /** Paths that hold no product or contract. */
  empty: string[];
  /** Paths that do not exist. */
  missing: string[];
  /** Directories that could not be listed (display paths, with the reason). */
  unreadable: Array<{ path: string; reason: string }>;
}

/** Targets worth a thread of its own: a thread costs about what checking 200-300 products does (src/util/threads.ts). */
const TARGETS_PER_THREAD = 500;
const BATCH = 16; // as src/util/threads.ts assumes

/** Checks targets claimed from a shared counter until none are left. Used by the main thread and by workers. */
export async function drain(
  targets: Target[],
  counter: Int32Array,
  resolver: PolicyResolver,
  cwd: string,
  out: Map<number, TargetReport>,
  read: ReadOptions = {},
): Promise<void> {
  for (;;) {
    const start = Atomics.add(counter, 0, BATCH);
    if (start >= targets.length) return;
    for (let i = start; i < Math.min(start + BATCH, targets.length); i += 1) {
      const report = checkTarget(targets[i], resolver, cwd, read);
      out.set(i, report instanceof Promise ? await report : report);
    }
  }
}

interface WorkerReply {
  reports?: Array<[number, TargetReport]>;
  error?: { type: DpError['type']; message: string; hint?: string; location?: DpError['location'] };
}

function startWorker(data: unknown): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fromRoot('dist', 'worker.js'), { workerData: data });
    worker.once('message', (reply: WorkerReply) => resolve(reply));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`validation worker exited with code ${code}`))));
  });
}

async function checkAll(targets: Target[], options: ValidateOptions, resolver: PolicyResolver, idle: () => number | undefined): Promise<TargetReport[]> {
  const out = new Map<number, TargetReport>();
  const jobs = threadsFor({
    units: targets.length,
    minPerThread: TARGETS_PER_THREAD,
    requested: options.jobs,
    idle: options.jobs === undefined ? idle() : undefined,
  });
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const { cwd, policiesPath, configPath, followExternalLinks, publishing } = options;
  const read = { followExternalLinks, publishing, catalog: await publishedIn(options.catalog, targets, cwd) };
  const workers = Array.from({ length: Math.max(0, jobs - 1) }, () => startWorker({ targets, counter, cwd, policiesPath, configPath, read }));
  let failure: unknown;
  try {
    await drain(targets, counter, resolver, cwd, out, read);
  } catch (error) {
    failure = error;
    Atomics.store(counter, 0, targets.length); // let the workers stop early
  }
  for (const reply of await Promise.all(workers)) {
    if (reply.error) failure ??= new DpError(reply.error.type, reply.error.message, { hint: reply.error.hint, location: reply.error.location });
    for (const [i, r] of reply.reports ?? []) out.set(i, r);
  }
  if (failure) throw failure;
  return targets.map((_, i) => out.get(i)!);
}

/** Files a directory walk found outside products that look like contracts or descriptors: named, with the reason. */
function skippedFindings(skipped: Skipped[], resolver: PolicyResolver, cwd: string): Finding[] {
  const out: Finding[] = [];
  for (const s of new Map(skipped.map((x) => [x.path, x])).values()) {
    const report = skippedReport({ ...s, display: displayPath(cwd, s.path) });
    const { severity } = resolver.forDir(dirname(s.path)).settingFor(fileSkipped.id, report.file);
    if (severity !== 'off') out.push(toFinding(fileSkipped, severity, report.file, report));
  }
  return out;
}

/**
 * What the catalog publishes of the contracts the products' input ports read, and what the
 * products of the run publish themselves (a producer and its consumer checked together).
 */
async function publishedIn(catalog: CatalogLookup | undefined, targets: Target[], cwd: string): Promise<ReadOptions['catalog']> {
  if (!catalog) return undefined;
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const t of targets) {
    const loaded = loadTarget(t, cwd);
    const value = loaded.product?.descriptor.value;
    for (const p of productInputs(value)) inputs.add(p.contractId);
    for (const id of outputContractIds(value)) outputs.add(id);
  }
  const asked = [...inputs].filter((id) => !outputs.has(id));
  const found = asked.length > 0 ? await catalog.publishers(asked) : new Map();
  return { location: catalog.location, published: [...outputs, ...found.keys()] };
}

export async function validatePaths(options: ValidateOptions): Promise<ValidationRun> {
  // How idle the machine is while the files are found decides whether threads can help (src/util/threads.ts).
  const idle = sampleIdleCores();
  const { targets, empty, missing, unreadable, skipped } = discover(options.cwd, options.paths);
  const resolver = new PolicyResolver(options);
  await resolver.prepare([...targets.map(targetDir), ...skipped.map((s) => dirname(s.path))]);
  const reports = await checkAll(targets, options, resolver, idle);
  const findings = [...reports.flatMap((r) => r.findings), ...skippedFindings(skipped, resolver, options.cwd)].sort(compareFindings);
  const files = reports.reduce((n, r) => n + r.files, 0);
  const suppressed = reports.reduce((n, r) => n + r.suppressed, 0);
  const products = reports.filter((r) => r.kind === 'product').length;
  const unlisted = unreadable.map((u: Unreadable) => ({ path: displayPath(options.cwd, u.path), reason: u.reason }));
  return { targets: reports, findings, summary: summarise(findings, products, files, suppressed), empty, missing, unreadable: unlisted };
}
