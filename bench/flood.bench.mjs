// The catalog server under a flood of junk URLs, without a token: 100,000
// requests that each ask for something different (unknown products, unknown
// query parameters with 8 KB of junk, reordered query strings, pages of
// products that do not exist, searches nobody asked before), against a real
// `dp catalog serve` process with a small answer cache. Its resident memory
// must stay within the cache budget plus a fixed margin over what it held
// once warm, during the flood and after it.
//
// node bench/run.mjs flood (after npm run build); FLOOD_REQUESTS, FLOOD_CACHE_MB, FLOOD_CONNECTIONS to change the load.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from './http-client.mjs';
import { DP, record, scratch, section, startDpServer } from './lib.mjs';

const REQUESTS = Number(process.env.FLOOD_REQUESTS ?? 100_000);
const CACHE_MB = Number(process.env.FLOOD_CACHE_MB ?? 16);
const CONNECTIONS = Number(process.env.FLOOD_CONNECTIONS ?? 32);
const PRODUCTS = 200;
/** What a process may hold beyond its cache budget under the flood: heap growth, sockets, the collector's slack. */
export const MARGIN_MB = 64;

const junk = (n) => {
  let s = '';
  while (s.length < n) s += Math.random().toString(36).slice(2);
  return s.slice(0, n);
};
const JUNK_8K = () => junk(8192);
const PREFIXES = ['p', 'pr', 'pro', 'prod', 'produ', 'product', 's', 'sy', 'syn', 'synth', 'synthetic', 'f', 'fi', 'fie', 'field'];

/** The kinds of junk, each a function of the request's number within its kind giving a path. */
export const FLOOD_KINDS = {
  'versions of an unknown product, 8 KB junk parameter': (n) => `/api/products/zz/versions?j=${n}${JUNK_8K()}`,
  'unknown product ids': (n) => `/api/products/zz${n}${junk(60)}/versions`,
  'a known product, 8 KB junk parameter': (n) => `/api/products/product-${n % PRODUCTS}?j=${JUNK_8K()}`,
  'known list, parameters reordered and junk': (n) => `/api/products?offset=0&x${n}=${junk(64)}&limit=${1 + (n % 5)}`,
  'consumers of unknown ports': (n) => `/api/products/product-${n % PRODUCTS}/consumers?port=${junk(150)}`,
  'pages of unknown products': (n) => `/products/zz${n}${junk(60)}?v=${junk(2000)}`,
  'unknown versions of a known product': (n) => `/products/product-${n % PRODUCTS}?version=${junk(90)}`,
  'searches never asked before': (n) => `/?q=${junk(400)}&page=${1 + (n % 3)}&z=${JUNK_8K()}`,
  'mesh of unknown domains': (n) => `/mesh?domain=${junk(400)}&u=${n}`,
  'unknown endpoints': (n) => `/api/nothing/${n}/${junk(1000)}`,
  // Real answers, each different: these are kept, up to the budget.
  'pages of real lists, all different': (n) => `/api/products?limit=${1 + (n % 60)}&offset=${Math.floor(n / 60) % 140}&j=${junk(500)}`,
  'small real answers, all different': (n) => `/api/products?q=${PREFIXES[n % PREFIXES.length]}&limit=1&offset=${Math.floor(n / PREFIXES.length) % 190}`,
};

/** Resident memory of a process, in MB, from /proc. */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function readyz(url) {
  const c = new Connection(url);
  const r = await c.request('GET', '/readyz');
  c.close();
  return JSON.parse(r.body.toString('utf8'));
}

/** Sends `total` requests of every kind in turn over `connections` kept-alive connections; counts statuses by kind. */
export async function flood(url, total, connections, onProgress = () => {}) {
  const kinds = Object.entries(FLOOD_KINDS);
  const counts = Object.fromEntries(kinds.map(([k]) => [k, {}]));
  let next = 0;
  const loop = async () => {
    let c = new Connection(url);
    while (next < total) {
      const n = next++;
      const [kind, path] = kinds[n % kinds.length];
      const r = await c.request('GET', path(Math.floor(n / kinds.length)));
      counts[kind][r.status] = (counts[kind][r.status] ?? 0) + 1;
      if (r.status === 0) c = new Connection(url);
      if (n % 1000 === 0) onProgress(n);
    }
    c.close();
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return counts;
}

async function settle(url, pid) {
  for (let i = 0; i < 50; i += 1) {
    const state = (await readyz(url)).cache?.warming?.state;
    if (state !== 'warming') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
  return rssMb(pid);
}

export async function run() {
  section(`server memory under ${REQUESTS.toLocaleString('en')} junk URLs (cache budget ${CACHE_MB} MB, ${CONNECTIONS} connections, no token)`);
  const { dir, cleanup } = scratch('flood');
  try {
    const mesh = join(dir, 'mesh');
    const catalog = join(dir, 'catalog.db');
    spawnSync(process.execPath, [new URL('./mesh.mjs', import.meta.url).pathname, mesh, String(PRODUCTS)], { stdio: 'ignore' });
    const published = spawnSync(process.execPath, [DP, 'publish', mesh, '--catalog', catalog], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (published.status !== 0) throw new Error(`seeding failed: ${published.stderr}`);
    const server = await startDpServer(['--quiet', '--catalog', catalog, '--cache-size', String(CACHE_MB)]);
    try {
      const base = await settle(server.url, server.pid);
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 100);
      const started = Date.now();
      const counts = await flood(server.url, REQUESTS, CONNECTIONS);
      const seconds = (Date.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, rssMb(server.pid));
      const after = rssMb(server.pid);
      const cache = (await readyz(server.url)).cache;
      for (const [kind, statuses] of Object.entries(counts))
        console.log(
          `  ${kind.padEnd(56)} ${Object.entries(statuses)
            .map(([s, n]) => `${n} x ${s}`)
            .join(', ')}`,
        );
      const bound = base + CACHE_MB + MARGIN_MB;
      const ok = peak <= bound && cache.bytes <= cache.maxBytes;
      console.log(`  ${REQUESTS} requests in ${seconds.toFixed(1)} s (${Math.round(REQUESTS / seconds)}/s)`);
      console.log(
        `  resident memory: ${base.toFixed(0)} MB warm, ${peak.toFixed(0)} MB at the peak, ${after.toFixed(0)} MB after (bound ${bound.toFixed(0)} MB = warm + ${CACHE_MB} MB budget + ${MARGIN_MB} MB margin: ${ok ? 'met' : 'NOT met'})`,
      );
      console.log(
        `  answer cache after: ${cache.entries} entries, ${(cache.bytes / 1048576).toFixed(1)} MB counted of ${(cache.maxBytes / 1048576).toFixed(0)} MB`,
      );
      record('flood: peak resident memory over warm (MB)', peak - base, ok);
      return { base, peak, after, cache, counts, ok };
    } finally {
      await server.stop();
    }
  } finally {
    cleanup();
  }
}
