// dp publish and dp catalog search, on SQLite and on PostgreSQL:
//  - publishing the synthetic mesh (2,000 products) into an empty catalog in
//    one command, against `dp validate` of the same mesh (goal: <= 3x);
//  - `dp catalog search` on that catalog, against `dp --version` (goal: <= 2x).
// Runs are interleaved (validate, publish, validate, publish...) so machine
// noise hits both sides alike; each publish gets a fresh, empty catalog.
// PostgreSQL: DP_BENCH_PG_URL (a server where databases may be created), or a
// throwaway cluster from Debian's binaries; skipped when neither exists.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMesh } from './mesh.mjs';
import { DP, NODE, median, race, report, scratch, section, timeOnce } from './lib.mjs';

const MESH_SIZE = Number(process.env.DP_BENCH_MESH ?? 2000);
const ROUNDS = Number(process.env.DP_BENCH_ROUNDS ?? 3);

/** Alternates validate and publish runs; every publish goes to a new empty catalog. */
function publishVersusValidate(mesh, newCatalog) {
  const validate = [];
  const publish = [];
  timeOnce(NODE, [DP, 'validate', mesh], { expectCode: 0 }); // warm the file cache
  let last;
  for (let round = 0; round < ROUNDS; round += 1) {
    validate.push(timeOnce(NODE, [DP, 'validate', mesh], { expectCode: 0 }));
    last = newCatalog();
    publish.push(timeOnce(NODE, [DP, 'publish', mesh], { expectCode: 0, env: { DP_CATALOG: last, DP_PUBLISHER: 'bench' } }));
  }
  const republish = timeOnce(NODE, [DP, 'publish', mesh], { expectCode: 0, env: { DP_CATALOG: last, DP_PUBLISHER: 'bench' } });
  return { validate: median(validate), publish: median(publish), republish, catalog: last };
}

function searchVersusVersion(catalog) {
  return race(
    {
      version: [NODE, [DP, '--version'], { expectCode: 0 }],
      search: [NODE, [DP, 'catalog', 'search', 'metric', 'synthetic'], { expectCode: 0, env: { DP_CATALOG: catalog } }],
    },
    15,
  );
}

function measure(label, mesh, newCatalog) {
  section(`dp publish of a ${MESH_SIZE}-product mesh into an empty ${label} catalog (median of ${ROUNDS} interleaved runs)`);
  const p = publishVersusValidate(mesh, newCatalog);
  report(`dp publish (${label}, ${MESH_SIZE} new products) vs dp validate`, p.publish, p.validate, 3);
  report(`dp publish again (${label}, all unchanged) vs dp validate`, p.republish, p.validate);
  section(`dp catalog search on that ${label} catalog (median of 15 interleaved runs)`);
  const s = searchVersusVersion(p.catalog);
  report(`dp catalog search (${label}) vs dp --version`, s.search, s.version, 2);
  return { ...p, search: s.search, version: s.version };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL cluster (as the postgres user when running as root), or the server of DP_BENCH_PG_URL. */
async function startPostgres() {
  if (process.env.DP_BENCH_PG_URL) return { adminUrl: process.env.DP_BENCH_PG_URL, stop: () => {} };
  const root = '/usr/lib/postgresql';
  const major = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => b - a)[0]
    : undefined;
  if (!major) return undefined;
  const bin = join(root, major, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-pg-'));
  const passwd = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const owner = process.getuid?.() === 0 && passwd ? { uid: Number(passwd.split(':')[2]), gid: Number(passwd.split(':')[3]) } : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const as = { ...(owner ?? {}), cwd: dir, encoding: 'utf8' };
  const data = join(dir, 'data');
  const ok = (r, what) => {
    if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  };
  ok(spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'dp', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'], as), 'initdb');
  const port = await freePort();
  // Durable settings (fsync on): the figures should be what a real server gives.
  ok(
    spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`, '-w', 'start'], as),
    'pg_ctl start',
  );
  return {
    adminUrl: `postgres://dp@127.0.0.1:${port}/postgres`,
    stop: () => {
      spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], as);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function createDatabase(adminUrl, name) {
  const script = `const { default: pg } = await import('pg'); const c = new pg.Client({ connectionString: process.argv[1] }); await c.connect(); await c.query('CREATE DATABASE ${name}'); await c.end();`;
  const r = spawnSync(NODE, ['--input-type=module', '-e', script, adminUrl], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  if (r.status !== 0) throw new Error(`CREATE DATABASE failed: ${r.stderr}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function run() {
  const { dir, cleanup } = scratch('publish');
  const results = {};
  try {
    const mesh = join(dir, 'mesh');
    generateMesh(mesh, MESH_SIZE);
    let n = 0;
    results.sqlite = measure('SQLite', mesh, () => join(dir, `catalog-${++n}.db`));
    const pg = await startPostgres();
    if (!pg) {
      section('PostgreSQL: skipped (no server binaries under /usr/lib/postgresql and no DP_BENCH_PG_URL)');
      return results;
    }
    try {
      results.postgres = measure('PostgreSQL', mesh, () => createDatabase(pg.adminUrl, `dp_bench_${process.pid}_${++n}`));
    } finally {
      pg.stop();
    }
    return results;
  } finally {
    cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
