// Rebuilding the search index of a catalog written with an older word rule (src/catalog/word-rule.ts),
// as the first dp that may write it does on open: 10,000 products seeded as bench/serve.bench.mjs
// seeds them, the recorded word rule removed, then the catalog opened for writing in a fresh process,
// against opening it again once current. Goal: the one-time rebuild of 10,000 products within 30 s,
// its peak memory within 150 MB of a plain open (batches: not the whole catalog in memory).
// Usage: node bench/rebuild.bench.mjs   (or through bench/run.mjs, which calls run())
// Env: BENCH_PRODUCTS (10000), DP_BENCH_PG_URL (an existing server's admin URL instead of a throwaway cluster).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importBuilt, median, record, section } from './lib.mjs';
import { catalogSql, startPostgres } from './postgres.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const ROUNDS = 3;
const GOAL_SECONDS = 30;
const GOAL_EXTRA_MB = 150;
const dist = importBuilt;

/** In a child process (`node rebuild.bench.mjs open <catalog>`): opens the catalog for writing; prints the time and peak memory. */
async function openOnce(catalog) {
  const { parseLocation } = await dist('catalog/location.js');
  const { openStore } = await dist('catalog/open.js');
  const location = parseLocation(catalog, ROOT);
  const start = performance.now();
  const store = await openStore(location, { mode: 'write' });
  const ms = performance.now() - start;
  await store.close();
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function child(args, env = {}) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const open = (catalog) => JSON.parse(child([fileURLToPath(import.meta.url), 'open', catalog]));

/** Forgets the recorded word rule: the catalog is then one an earlier dp wrote, to be rebuilt. */
async function forgetRule(catalog) {
  if (catalog.startsWith('postgres')) await catalogSql(catalog, "DELETE FROM dp_meta WHERE key = 'word_rule'");
  else {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(catalog);
    db.prepare("DELETE FROM dp_meta WHERE key = 'word_rule'").run();
    db.close();
  }
}

async function benchBackend(kind, catalog) {
  const seedStart = Date.now();
  child([join(ROOT, 'bench', 'serve.bench.mjs'), 'seed', catalog], { BENCH_PRODUCTS: String(PRODUCTS) });
  console.log(`${kind}: ${PRODUCTS} products seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
  const rebuilds = [];
  const plain = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    await forgetRule(catalog);
    rebuilds.push(open(catalog));
    plain.push(open(catalog));
  }
  const ms = median(rebuilds.map((r) => r.ms));
  const plainMs = median(plain.map((r) => r.ms));
  const extraMb = median(rebuilds.map((r) => r.maxRssMb)) - median(plain.map((r) => r.maxRssMb));
  const ok = ms <= GOAL_SECONDS * 1000 && extraMb <= GOAL_EXTRA_MB;
  console.log(
    `  open with a rebuild of ${PRODUCTS} products   ${(ms / 1000).toFixed(2).padStart(7)} s  (open when current ${plainMs.toFixed(0)} ms; median of ${ROUNDS})  goal <= ${GOAL_SECONDS} s: ${ms <= GOAL_SECONDS * 1000 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  peak memory of that process              ${median(rebuilds.map((r) => r.maxRssMb))
      .toFixed(0)
      .padStart(7)} MB (${extraMb.toFixed(0)} MB more than a plain open)  goal <= +${GOAL_EXTRA_MB} MB: ${extraMb <= GOAL_EXTRA_MB ? 'met' : 'NOT met'}`,
  );
  record(`rebuild ${kind} ${PRODUCTS} products`, ms, ok);
  return ok;
}

export async function run() {
  section(`rebuilding the search index of a ${PRODUCTS}-product catalog of an older word rule`);
  const dir = mkdtempSync(join(tmpdir(), 'dp-rebuild-bench-'));
  const results = [];
  try {
    results.push(await benchBackend('sqlite', join(dir, 'catalog.db')));
    const pg = await startPostgres();
    if (pg) {
      try {
        results.push(await benchBackend('postgres', pg.url));
      } finally {
        await pg.stop();
      }
    } else console.log('postgres: skipped (no PostgreSQL server binaries under /usr/lib/postgresql)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ok: results.every(Boolean) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === 'open') await openOnce(process.argv[3]);
  else {
    const { ok } = await run();
    process.exitCode = ok ? 0 : 1;
  }
}
