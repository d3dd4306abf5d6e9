// Load of `dp catalog serve` on loopback, for SQLite and PostgreSQL: with
// 10,000 products seeded through the store, 50 concurrent readers on the
// product page and on search (goal: p95 under 20 ms), then 20 concurrent
// publishers through the API (goal: no error, no lost version); then the
// signed-in pages of the control plane (bench/serve-control.mjs: a product
// page with its grants, a team's requests, an owner's queue, an erasure
// request's status; same goal), over 1,000 access requests and an erasure
// request reaching every product downstream of one in 100. Reads are
// measured once the server has warmed its page cache (it renders every product
// page at start, src/server/read-model/warm.ts); product pages are also measured on a
// server started with --no-warm, for what the first readers after a start get.
// Usage: node bench/serve.bench.mjs   (or through bench/run.mjs, which calls run())
// Env: BENCH_PRODUCTS (10000), BENCH_SECONDS per phase (5), BENCH_WORKERS server
// processes (2), BENCH_ACCESS_REQUESTS (1000), DP_BENCH_PG_URL
// (an existing server's admin URL instead of a throwaway cluster).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { Connection } from './http-client.mjs';
import { importBuilt, record, startDpServer } from './lib.mjs';
import { catalogSql, startPostgres } from './postgres.mjs';
import { descriptor, subjectContract } from './mesh.mjs';
import { checkSignedIn, controlReaders, seedControl, SUBJECT_EVERY } from './serve-control.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = process.env.DP_BIN ?? join(ROOT, 'bin/dp.js');
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const READERS = 50;
const PUBLISHERS = 20;
const GOAL_P95_MS = 20;
const ACCESS_REQUESTS = Number(process.env.BENCH_ACCESS_REQUESTS ?? 1000);
const CONTROL_PAGES = ['productPageSignedIn', 'accessPage', 'queuePage', 'erasurePage'];
const dist = importBuilt;

// The project's fast YAML reader when it can, the yaml library otherwise: seeding 30,000 documents stays quick.
const { fastParse } = await dist('descriptor/yaml/fast-parse.js').catch(() => ({ fastParse: () => undefined }));

function documentsOf(i, version) {
  const doc = (file, text) => ({ file, text, value: fastParse(text)?.value ?? parse(text) });
  const text = descriptor(i).replace(/^version: 1\.0\.0$/m, `version: ${version}`);
  return {
    descriptor: doc('dataproduct.odps.yaml', text),
    contracts: ['daily', 'events'].map((p) => doc(`contracts/${p}.odcs.yaml`, subjectContract(i, p, SUBJECT_EVERY))),
  };
}

/** Publishes as a publish does, with the versioning rules (src/catalog/publish.ts). */
async function seed(store) {
  const { publishToStore } = await dist('catalog/publish.js');
  const validation = { dpVersion: 'bench', errors: 0, warnings: 0, infos: 0, suppressed: 0, findings: [] };
  for (let start = 0; start < PRODUCTS; start += 1000) {
    const candidates = [];
    for (let i = start; i < Math.min(PRODUCTS, start + 1000); i += 1)
      candidates.push({ productId: `product-${i}`, version: '1.0.0', documents: documentsOf(i, '1.0.0'), validation });
    const outcomes = await publishToStore(store, candidates, { publisher: 'bench-seed' }, { kind: 'local' });
    const bad = outcomes.find((o) => o.status !== 'published' && o.status !== 'unchanged');
    if (bad) throw new Error(`seeding refused ${bad.productId}: ${JSON.stringify(bad.refusals)}`);
  }
}

function startServer(catalog, extra = []) {
  return startDpServer(['--quiet', '--workers', String(WORKERS), '--catalog', catalog, ...extra], BIN);
}

/** A request on a connection of the lean client (bench/http-client.mjs): `{ status, ms, body }`. */
async function request(connection, path, method = 'GET', body, token) {
  const headers = body ? { 'content-type': 'application/json' } : {};
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await connection.request(method, path, body, headers);
  return { status: r.status, ms: r.ms, body: r.body.toString('utf8') };
}

/**
 * Waits until every worker has warmed its cache: /readyz on fresh connections (spread over the
 * workers) until 2 x WORKERS answers in a row say warming ended. Gives the longest warming time.
 */
async function warmedUp(url, limitMs = 120_000) {
  const until = Date.now() + limitMs;
  let inRow = 0;
  let longest = 0;
  while (inRow < 2 * WORKERS) {
    if (Date.now() > until) throw new Error(`the server did not warm its cache within ${limitMs / 1000} s`);
    const connection = new Connection(url);
    const r = await request(connection, '/readyz');
    connection.close();
    const warming = JSON.parse(r.body).cache?.warming;
    if (warming === undefined || warming.state === 'warming') {
      inRow = 0;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } else {
      inRow += 1;
      longest = Math.max(longest, warming.ms);
    }
  }
  return longest / 1000;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/**
 * `workers` closed loops of `next(connection, w, n)` for SECONDS (after `warmup` seconds not counted),
 * each loop on its own kept-alive connection; latencies of the answers, errors counted.
 */
async function load(url, workers, next, warmup = 0) {
  const connections = Array.from({ length: workers }, () => new Connection(url));
  if (warmup > 0) {
    const until = Date.now() + warmup * 1000;
    await Promise.all(
      connections.map(async (c, w) => {
        for (let n = 0; Date.now() < until; n += 1) await next(c, w, n);
      }),
    );
  }
  const latencies = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const loop = async (c, w) => {
    for (let n = 0; Date.now() < deadline; n += 1) {
      const r = await next(c, w, n);
      if (r.ok) latencies.push(r.ms);
      else errors += 1;
    }
  };
  const started = Date.now();
  await Promise.all(connections.map(loop));
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    errors,
    perSecond: latencies.length / ((Date.now() - started) / 1000),
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
  };
}

const SEARCHES = ['payments', 'synthetic artist', 'user email', 'product 42', 'p731', 'metric_7', 'ads', 'daily catalogue'];
const rand = (n) => Math.floor(Math.random() * n);
/** Half popular searches, half one of PRODUCTS different ones (mostly not cached). */
const search = () => (Math.random() < 0.5 ? SEARCHES[rand(SEARCHES.length)] : `product ${rand(PRODUCTS)}`);

/** `signedIn`: the signed-in product page measured right after the anonymous one, in the same state of the cache. */
async function readers(url, signedIn) {
  // Status only: decoding each page would cost the load generator, on the server's cores, more than the server's writing it.
  const get = (path) => async (connection) => {
    const r = await connection.request('GET', path(), undefined, {});
    return { ok: r.status === 200 && r.body.length > 0, ms: r.ms };
  };
  return {
    // The floor of this machine: the cheapest answer the server has, at the same concurrency.
    healthz: await load(
      url,
      READERS,
      get(() => '/healthz'),
      1,
    ),
    productPage: await load(
      url,
      READERS,
      get(() => `/products/product-${rand(PRODUCTS)}`),
      1,
    ),
    productPageSignedIn: await signedIn(),
    searchPage: await load(
      url,
      READERS,
      get(() => `/?q=${encodeURIComponent(search())}`),
      1,
    ),
    apiProduct: await load(
      url,
      READERS,
      get(() => `/api/products/product-${rand(PRODUCTS)}`),
      1,
    ),
    apiSearch: await load(
      url,
      READERS,
      get(() => `/api/products?limit=25&q=${encodeURIComponent(search())}`),
      1,
    ),
  };
}

/**
 * Each publisher adds versions 1.0.1, 1.0.2... of its own product (`accepted` counts them, across
 * calls); every accepted version must then be in the catalog.
 */
async function publishers(url, token, accepted = new Array(PUBLISHERS).fill(0)) {
  const before = accepted.reduce((a, b) => a + b, 0);
  const failures = [];
  const result = await load(url, PUBLISHERS, async (connection, w) => {
    const version = `1.0.${accepted[w] + 1}`;
    const docs = documentsOf(w, version);
    const wire = {
      source: `product-${w}`,
      documents: {
        descriptor: { file: docs.descriptor.file, text: docs.descriptor.text },
        contracts: docs.contracts.map(({ file, text }) => ({ file, text })),
      },
    };
    const r = await request(connection, '/api/publish', 'POST', JSON.stringify({ publisher: `bench-${w}`, candidates: [wire] }), token);
    const ok = r.status === 200 && JSON.parse(r.body).outcomes[0].status === 'published';
    if (ok) accepted[w] += 1;
    else if (failures.length < 5) failures.push(`${r.status} ${r.body.slice(0, 300)}`);
    return { ok, ms: r.ms };
  });
  const connection = new Connection(url);
  let lost = 0;
  for (let w = 0; w < PUBLISHERS; w += 1) {
    const r = await request(connection, `/api/products/product-${w}/versions`);
    const versions = JSON.parse(r.body).items.map((v) => v.version);
    if (versions.length !== accepted[w] + 1 || new Set(versions).size !== versions.length) lost += 1;
  }
  connection.close();
  return { ...result, published: accepted.reduce((a, b) => a + b, 0) - before, productsWithLostOrExtraVersions: lost, failures, accepted };
}

/**
 * In a child process (`node serve.bench.mjs seed <catalog>`): seeds the catalog and prints an admin
 * token. The load generator then runs in a process that never held the 30,000 seeded documents (its
 * collections would delay every answer it times). On PostgreSQL, VACUUM ANALYZE settles the tables
 * as autovacuum would after a bulk load, instead of measuring reads while it runs.
 */
async function seedCatalog(catalog) {
  const { parseLocation } = await dist('catalog/location.js');
  const { openStore } = await dist('catalog/open.js');
  const { generateToken } = await dist('server/auth.js');
  const store = await openStore(parseLocation(catalog, ROOT), { mode: 'write' });
  await seed(store);
  const { secret, record } = generateToken({ admin: true, description: 'bench' });
  await store.createToken(record);
  const control = await seedControl(store, dist, Math.min(ACCESS_REQUESTS, PRODUCTS));
  await store.close();
  if (catalog.startsWith('postgres')) await catalogSql(catalog, 'VACUUM ANALYZE');
  process.stdout.write(JSON.stringify({ admin: secret, control }));
}

async function benchBackend(kind, catalog) {
  const seedStart = Date.now();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'seed', catalog], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_PRODUCTS: String(PRODUCTS) },
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`seeding failed: ${child.stderr}`);
  const { admin: secret, control } = JSON.parse(child.stdout);
  const seeded = (Date.now() - seedStart) / 1000;
  // What the first readers after a start get, before the cache has seen the pages.
  const cold = await startServer(catalog, ['--no-warm']);
  let productPageCold;
  try {
    productPageCold = await load(
      cold.url,
      READERS,
      async (connection) => {
        const r = await connection.request('GET', `/products/product-${rand(PRODUCTS)}`, undefined, {});
        return { ok: r.status === 200 && r.body.length > 0, ms: r.ms };
      },
      1,
    );
  } finally {
    await cold.stop();
  }
  const server = await startServer(catalog);
  try {
    const warmSeconds = await warmedUp(server.url);
    const signedInRight = await checkSignedIn(server.url, control);
    const signedIn = await controlReaders(server.url, control, load, READERS, PRODUCTS);
    const reads = await readers(server.url, signedIn.productPage);
    const controlReads = { accessPage: await signedIn.accessPage(), queuePage: await signedIn.queuePage(), erasurePage: await signedIn.erasurePage() };
    const writes = await publishers(server.url, secret);
    // Readers while the publishers go on: a publish drops only the cached pages it touched.
    const [productPageWhilePublishing, writesWhileReading] = await Promise.all([
      load(server.url, READERS, async (connection) => {
        const r = await connection.request('GET', `/products/product-${rand(PRODUCTS)}`, undefined, {});
        return { ok: r.status === 200 && r.body.length > 0, ms: r.ms };
      }),
      publishers(server.url, secret, writes.accepted),
    ]);
    return {
      kind,
      seededSeconds: seeded,
      warmSeconds,
      reads: { ...reads, productPageCold, productPageWhilePublishing, ...controlReads },
      writes,
      writesWhileReading,
      control,
      signedInRight,
    };
  } finally {
    await server.stop();
  }
}

function report(r) {
  const line = (name, m) =>
    `  ${name.padEnd(22)} p50 ${m.p50.toFixed(1).padStart(6)} ms  p95 ${m.p95.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms  ${m.perSecond.toFixed(0).padStart(5)}/s  errors ${m.errors}`;
  console.log(
    `${r.kind}: ${PRODUCTS} products seeded in ${r.seededSeconds.toFixed(1)} s; server --workers ${WORKERS}, page cache warmed in ${r.warmSeconds.toFixed(1)} s; ${READERS} readers, ${SECONDS} s per endpoint, after 1 s of warm-up`,
  );
  const notes = {
    healthz: '  (floor)',
    productPageCold: '  (a server started with --no-warm: pages rendered when first asked for)',
    productPageWhilePublishing: `  (while ${PUBLISHERS} publishers publish)`,
  };
  if (r.control)
    console.log(
      `  control: ${Math.min(ACCESS_REQUESTS, PRODUCTS)} access requests, an erasure request of ${r.control.erasureTasks} tasks; signed-in pages by ${READERS} readers signed in as 50 teams (the erasure page as the privacy office); a signed-in copy shows its session only: ${r.signedInRight ? 'yes' : 'NO'}`,
    );
  for (const [name, m] of Object.entries(r.reads)) console.log(`${line(name, m)}${notes[name] ?? (m.p95 <= GOAL_P95_MS ? '' : '  OVER')}`);
  console.log(
    `${line(`publish x${PUBLISHERS}`, r.writes)}  published ${r.writes.published}, products with lost versions ${r.writes.productsWithLostOrExtraVersions}`,
  );
  const w = r.writesWhileReading;
  console.log(`${line(`publish x${PUBLISHERS} + reads`, w)}  published ${w.published}, products with lost versions ${w.productsWithLostOrExtraVersions}`);
  // The goals: product page and search p95 under 20 ms with no error; publishers lose nothing.
  for (const name of ['productPage', 'searchPage', ...CONTROL_PAGES])
    record(`serve ${r.kind} ${name} p95`, r.reads[name].p95, r.reads[name].p95 <= GOAL_P95_MS && r.reads[name].errors === 0);
  record(`serve ${r.kind} signed-in copies`, r.signedInRight ? 1 : 0, r.signedInRight);
  const sound = (x) => x.errors === 0 && x.productsWithLostOrExtraVersions === 0;
  record(`serve ${r.kind} ${PUBLISHERS} publishers`, r.writes.errors + w.errors, sound(r.writes) && sound(w));
  for (const f of [...r.writes.failures, ...w.failures]) console.log(`    failure: ${f}`);
}

const okOf = (r) =>
  ['productPage', 'searchPage', ...CONTROL_PAGES].every((name) => r.reads[name].p95 <= GOAL_P95_MS && r.reads[name].errors === 0) &&
  r.signedInRight &&
  [r.writes, r.writesWhileReading].every((x) => x.errors === 0 && x.productsWithLostOrExtraVersions === 0);

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-serve-bench-'));
  const results = [];
  try {
    results.push(await benchBackend('sqlite', join(dir, 'catalog.db')));
    report(results[0]);
    const pg = await startPostgres();
    if (pg) {
      try {
        results.push(await benchBackend('postgres', pg.url));
        report(results[1]);
      } finally {
        await pg.stop();
      }
    } else console.log('postgres: skipped (no PostgreSQL server binaries under /usr/lib/postgresql)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, ok: results.every(okOf) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === 'seed') await seedCatalog(process.argv[3]);
  else {
    const { ok } = await run();
    process.exitCode = ok ? 0 : 1;
  }
}
