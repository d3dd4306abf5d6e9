/**
 * Validating many products: discovery, then checking each target, on several
 * threads for a large mesh. Threads share one counter (a SharedArrayBuffer) and
 * claim the next batch of targets from it, so the load balances itself.
 */
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { discover, type Target, type Unreadable } from '../descriptor/discover.js';
import { displayPath, loadFile, loadProduct } from '../descriptor/product.js';
import { kindOf } from '../descriptor/source.js';
import { DpError } from '../errors.js';
import { fromRoot } from '../paths.js';
import { checkContractFile, checkProduct, prepareSchemas, type CheckResult } from './engine.js';
import { compareFindings, summarise, type Finding, type Summary } from './finding.js';
import { PolicyResolver, type PolicyOptions } from './policies/resolve.js';

export interface ValidateOptions extends PolicyOptions, ReadOptions {
  paths: string[];
  /** Threads to use (default: available cores); large meshes only. */
  jobs?: number;
}

export interface ReadOptions {
  /** Read files whose real path leaves the repository (symbolic links out of it). */
  followExternalLinks?: boolean;
  /** Checking products to publish: protected rules are never suppressed (see policies/suppression-policy.ts). */
  publishing?: boolean;
}

export interface TargetReport {
  kind: 'product' | 'contract';
  /** Directory of the product, or the contract file (display paths). */
  path: string;
  /** Product or contract id when the file could be read. */
  id?: string;
  findings: Finding[];
  suppressed: number;
  files: number;
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

/** Below this many targets, threads cost more than they save. */
const PARALLEL_THRESHOLD = 150;
const BATCH = 16;

export function targetDir(target: Target): string {
  return target.kind === 'product' ? target.dir : dirname(target.path);
}

export async function checkTarget(target: Target, resolver: PolicyResolver, cwd: string): Promise<TargetReport> {
  if (target.kind === 'contract') {
    const file = loadFile(cwd, target.path);
    await prepareSchemas([file]);
    const result = checkContractFile(file, resolver.forDir(targetDir(target)));
    return report('contract', file.display, file.value?.id, result);
  }
  const product = loadProduct(cwd, target.dir, target.descriptor);
  await prepareSchemas([product.descriptor, ...product.contracts]);
  const policy = resolver.forDir(target.dir);
  if (product.descriptor.value && kindOf(product.descriptor) === 'odcs') {
    return report('contract', product.descriptor.display, product.descriptor.value.id, checkContractFile(product.descriptor, policy, read));
  }
  return report('product', displayPath(cwd, target.dir), product.descriptor.value?.id, checkProduct(product, policy, read));
}

function report(kind: TargetReport['kind'], path: string, id: unknown, result: CheckResult): TargetReport {
  return { kind, path, id: typeof id === 'string' ? id : undefined, ...result };
}

/** Checks targets claimed from a shared counter until none are left. Used by the main thread and by workers. */
export async function drain(targets: Target[], counter: Int32Array, resolver: PolicyResolver, cwd: string, out: Map<number, TargetReport>): Promise<void> {
  for (;;) {
    const start = Atomics.add(counter, 0, BATCH);
    if (start >= targets.length) return;
    for (let i = start; i < Math.min(start + BATCH, targets.length); i += 1) out.set(i, await checkTarget(targets[i], resolver, cwd));
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

async function checkAll(targets: Target[], options: ValidateOptions, resolver: PolicyResolver): Promise<TargetReport[]> {
  const out = new Map<number, TargetReport>();
  const jobs = Math.min(options.jobs ?? availableParallelism(), Math.ceil(targets.length / PARALLEL_THRESHOLD));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const { cwd, policiesPath, configPath, followExternalLinks, publishing } = options;
  const read = { followExternalLinks, publishing };
  const workers = Array.from({ length: Math.max(0, jobs - 1) }, () => startWorker({ targets, counter, cwd, policiesPath, configPath, read }));
  let failure: unknown;
  try {
    await drain(targets, counter, resolver, cwd, out);
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

export async function validatePaths(options: ValidateOptions): Promise<ValidationRun> {
  const { targets, empty, missing, unreadable } = discover(options.cwd, options.paths);
  const resolver = new PolicyResolver(options);
  await resolver.prepare(targets.map(targetDir));
  const reports = await checkAll(targets, options, resolver);
  const findings = reports.flatMap((r) => r.findings).sort(compareFindings);
  const files = reports.reduce((n, r) => n + r.files, 0);
  const suppressed = reports.reduce((n, r) => n + r.suppressed, 0);
  const products = reports.filter((r) => r.kind === 'product').length;
  const unlisted = unreadable.map((u: Unreadable) => ({ path: displayPath(options.cwd, u.path), reason: u.reason }));
  return { targets: reports, findings, summary: summarise(findings, products, files, suppressed), empty, missing, unreadable: unlisted };
}
