// An erasure request over a 10,000-product mesh (goal: its tasks resolved in under a second).
// The synthetic mesh of bench/mesh.mjs, where every contract carries `user_email`; one product in
// ten declares it a subject key of kind `customer`, so the request reaches those products and
// every product downstream of them that carries the column: most of the mesh, the worst case.
// Measured: `dp erase request` end to end (start, resolution, storing the request and one task per
// product), the resolution alone in-process, and `dp erase status` of the request; on SQLite, and
// on PostgreSQL when a server is available (DP_BENCH_PG_URL, or Debian's binaries).
// Usage: node bench/run.mjs erasure   Env: BENCH_PRODUCTS (10000), BENCH_ROUNDS (5)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { descriptor, subjectContract } from './mesh.mjs';
import { DP, median, NODE, record, scratch, section, timeOnce } from './lib.mjs';
import { startPostgres } from './postgres.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GOAL_MS = 1000;
const MODULES = existsSync(join(ROOT, 'build', 'tsc', 'cli.js')) ? join(ROOT, 'build', 'tsc') : join(ROOT, 'dist');
const dist = (p) => import(pathToFileURL(join(MODULES, p)).href);

/** The synthetic contract, its `user_email` a subject key in one product of ten. */
const contractOf = (i, port) => subjectContract(i, port, 10);

async function seed(catalog) {
  const { fastParse } = await dist('descriptor/yaml/fast-parse.js');
  const { parseLocation } = await dist('catalog/location.js');
  const { openStore } = await dist('catalog/open.js');
  const { publishToStore } = await dist('catalog/publish.js');
  const store = await openStore(parseLocation(catalog, ROOT), { mode: 'write' });
  const doc = (file, text) => ({ file, text, value: fastParse(text)?.value ?? parse(text) });
  const validation = { dpVersion: 'bench', errors: 0, warnings: 0, infos: 0, suppressed: 0, findings: [] };
  for (let start = 0; start < PRODUCTS; start += 1000) {
    const candidates = [];
    for (let i = start; i < Math.min(PRODUCTS, start + 1000); i += 1) {
      const documents = {
        descriptor: doc('dataproduct.odps.yaml', descriptor(i)),
        contracts: ['daily', 'events'].map((p) => doc(`contracts/${p}.odcs.yaml`, contractOf(i, p))),
      };
      candidates.push({ productId: `product-${i}`, version: '1.0.0', documents, validation });
    }
    const outcomes = await publishToStore(store, candidates, { publisher: 'bench-seed' }, { kind: 'local' });
    const bad = outcomes.find((o) => o.status !== 'published');
    if (bad) throw new Error(`seeding refused ${bad.productId}: ${JSON.stringify(bad.refusals)}`);
  }
  await store.close();
}

/** In-process: the resolution alone (what the catalog reads and computes), median of the rounds. */
async function resolveInProcess(catalog) {
  const { parseLocation } = await dist('catalog/location.js');
  const { openStore } = await dist('catalog/open.js');
  const { resolveErasure } = await dist('control/erasure/resolve.js');
  const store = await openStore(parseLocation(catalog, ROOT), { mode: 'read' });
  const times = [];
  let tasks = 0;
  for (let round = -1; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    tasks = (await resolveErasure(store, 'customer')).tasks.length;
    if (round >= 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await store.close();
  return { ms: median(times), tasks };
}

function measure(label, catalog) {
  section(`an erasure request over ${PRODUCTS} products on ${label} (median of ${ROUNDS} runs)`);
  const env = { DP_CATALOG: catalog, DP_PUBLISHER: 'privacy-office', CI: 'true' };
  const request = ['erase', 'request', '--subject', 'customer=ana@example.com', '--reason', 'bench'];
  const times = [];
  for (let round = -1; round < ROUNDS; round += 1) {
    const ms = timeOnce(NODE, [DP, ...request], { env, expectCode: 0 });
    if (round >= 0) times.push(ms);
  }
  const last = spawnSync(NODE, [DP, 'erase', 'status', '--json'], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const requests = JSON.parse(last.stdout).items;
  const status = median(Array.from({ length: ROUNDS }, () => timeOnce(NODE, [DP, 'erase', 'status', requests[0].id], { env, expectCode: 0 })));
  const version = median(Array.from({ length: ROUNDS }, () => timeOnce(NODE, [DP, '--version'], { expectCode: 0 })));
  const ms = median(times);
  const ok = ms < GOAL_MS;
  record(`dp erase request over ${PRODUCTS} products (${label})`, ms, ok);
  console.log(
    `  dp erase request (${requests[0].tasks.length} tasks)              ${ms.toFixed(0).padStart(6)} ms  (goal < ${GOAL_MS} ms: ${ok ? 'met' : 'NOT met'}; dp --version ${version.toFixed(0)} ms)`,
  );
  console.log(`  dp erase status of one request                  ${status.toFixed(0).padStart(6)} ms`);
  return requests.length;
}

export async function run() {
  const { dir, cleanup } = scratch('erasure');
  try {
    const sqlite = join(dir, 'catalog.db');
    const seeded = spawnSync(NODE, [fileURLToPath(import.meta.url), 'seed', sqlite], { encoding: 'utf8', env: process.env });
    if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
    measure('SQLite', sqlite);
    const inProcess = await resolveInProcess(sqlite);
    console.log(`  resolution alone, in-process (${inProcess.tasks} tasks)         ${inProcess.ms.toFixed(0).padStart(6)} ms`);
    const pg = await startPostgres().catch((error) => console.log(`  (PostgreSQL skipped: ${error.message})`));
    if (!pg) console.log('  (PostgreSQL skipped: no server; set DP_BENCH_PG_URL or install PostgreSQL)');
    else {
      try {
        const url = pg.url;
        const child = spawnSync(NODE, [fileURLToPath(import.meta.url), 'seed', url], { encoding: 'utf8', env: process.env });
        if (child.status !== 0) throw new Error(`seeding failed: ${child.stderr}`);
        measure('PostgreSQL', url);
      } finally {
        await pg.stop();
      }
    }
  } finally {
    cleanup();
  }
}

if (process.argv[2] === 'seed') await seed(process.argv[3]);
else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
