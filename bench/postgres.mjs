// A throwaway PostgreSQL cluster for benchmarks (Debian binaries), as test/support/postgres.ts makes for the tests;
// DP_BENCH_PG_URL points the benchmarks at an existing server instead.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL cluster (Debian binaries), as test/support/postgres.ts makes for the tests. */
export async function startPostgres() {
  if (process.env.DP_BENCH_PG_URL) return { url: process.env.DP_BENCH_PG_URL, stop: async () => {} };
  const base = '/usr/lib/postgresql';
  const major = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => b - a)[0]
    : undefined;
  if (!major) return undefined;
  const bin = join(base, major, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-pg-'));
  let as = { cwd: dir };
  if (process.getuid?.() === 0) {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:') || l.startsWith('nobody:'));
    const [, , uid, gid] = line.split(':').map(Number);
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
    as = { cwd: dir, uid, gid, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } };
  }
  const port = await freePort();
  const run = (cmd, args) => {
    const r = spawnSync(join(bin, cmd), args, { ...as, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  run('initdb', ['-D', join(dir, 'data'), '-U', 'dp', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8']);
  run('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
    '-w',
    'start',
  ]);
  return {
    url: `postgres://dp@127.0.0.1:${port}/postgres`,
    pidFile: join(dir, 'data', 'postmaster.pid'),
    stop: async () => {
      spawnSync(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop'], { ...as });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one statement on a dp catalog's database (its `dp_catalog` schema first on the search path). */
export async function catalogSql(url, sql) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, options: '-c search_path=dp_catalog' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
