/**
 * Loading the products to publish again after validation, on several threads
 * for a large mesh (validation keeps no documents). Threads claim batches
 * from a shared counter, like src/validate/run.ts; each returns its products
 * as JSON text (cheaper to move between threads than cloned objects) with
 * the digest already computed.
 *
 * The worker is this very module, started with `new Worker(import.meta.url)`:
 * that works from the TypeScript output and from the bundled chunk alike,
 * with no separate entry point. Under a TypeScript runner (tests) everything
 * stays on the main thread.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadProduct } from '../descriptor/product.js';
import { threadsFor } from '../util/threads.js';
import { digestOf } from './canonical.js';
import { documentsOf } from './record.js';
import type { ProductDocuments } from './store.js';
import type { ReadOptions } from '../validate/run.js';

export interface LoadItem {
  dir: string;
  descriptor: string;
  /** The repository the product was found in: files leading outside it are not read. */
  root: string;
  /** The directory holds several descriptors: the product publishes the contracts its output ports name. */
  shared?: boolean;
}

export interface Loaded {
  documents: ProductDocuments;
  digest: string;
}

interface Task {
  kind: 'dp-catalog-load';
  cwd: string;
  items: LoadItem[];
  counter: Int32Array;
  followExternalLinks?: boolean;
}

/** Products worth a thread of its own (src/util/threads.ts). */
const PRODUCTS_PER_THREAD = 500;
const BATCH = 8;

function loadOne(cwd: string, item: LoadItem, followExternalLinks?: boolean): Loaded | undefined {
  const documents = documentsOf(loadProduct(cwd, item.dir, item.descriptor, { shared: item.shared, scope: { root: item.root, followExternalLinks } }));
  return documents ? { documents, digest: digestOf(documents) } : undefined;
}

function drain(task: Omit<Task, 'kind'>, take: (index: number, loaded: Loaded | undefined) => void): void {
  for (;;) {
    const start = Atomics.add(task.counter, 0, BATCH);
    if (start >= task.items.length) return;
    for (let i = start; i < Math.min(start + BATCH, task.items.length); i += 1) take(i, loadOne(task.cwd, task.items[i], task.followExternalLinks));
  }
}

if (!isMainThread && (workerData as Task | undefined)?.kind === 'dp-catalog-load') {
  const out: Array<[number, string | null]> = [];
  try {
    drain(workerData as Task, (i, loaded) => out.push([i, loaded ? JSON.stringify(loaded) : null]));
    parentPort!.postMessage({ out });
  } catch (error) {
    parentPort!.postMessage({ error: String((error as Error)?.stack ?? error) });
  }
}

function startWorker(task: Task): Promise<Array<[number, string | null]>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: task });
    worker.once('message', (reply: { out?: Array<[number, string | null]>; error?: string }) => (reply.error ? reject(new Error(reply.error)) : resolve(reply.out!)));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`publish loader thread exited with code ${code}`))));
  });
}

/** The documents and digests of the products, in order (undefined where a file could not be read). */
export async function loadAll(cwd: string, items: LoadItem[], read: ReadOptions = {}, jobs?: number): Promise<Array<Loaded | undefined>> {
  const results: Array<Loaded | undefined> = new Array(items.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const threads = import.meta.url.endsWith('.ts') ? 1 : threadsFor({ units: items.length, minPerThread: PRODUCTS_PER_THREAD, requested: jobs });
  const task: Task = { kind: 'dp-catalog-load', cwd, items, counter, followExternalLinks: read.followExternalLinks };
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => startWorker(task));
  let failure: unknown;
  try {
    drain(task, (i, loaded) => (results[i] = loaded));
  } catch (error) {
    failure = error;
    Atomics.store(counter, 0, items.length);
  }
  for (const outcome of await Promise.allSettled(workers)) {
    if (outcome.status === 'rejected') failure ??= outcome.reason;
    else for (const [i, text] of outcome.value) results[i] = text === null ? undefined : (JSON.parse(text) as Loaded);
  }
  if (failure) throw failure;
  return results;
}
