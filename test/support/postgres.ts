/**
 * A real PostgreSQL for tests. With DP_TEST_PG_URL set, each caller gets a
 * fresh database on that server. Otherwise a throwaway cluster is created
 * with Debian's binaries (/usr/lib/postgresql/<major>/bin), owned by an
 * unprivileged user when the tests run as root, listening on 127.0.0.1 on a
 * free port, with fsync off; `stop()` removes it.
 *
 * Missing binaries: with CI set the PostgreSQL tests must fail (never pass
 * silently); locally they are skipped with a loud message. See `pgSuite`.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** postgres:// URL of a fresh, empty database. */
  url: string;
  /** Another fresh database on the same server. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export interface PgAvailability {
  available: boolean;
  reason: string;
  binDir?: string;
}

const isCI = (): boolean => Boolean(process.env.CI) && process.env.CI !== '0' && process.env.CI !== 'false';

export function findPgBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(bin, b)))) return bin;
  }
  return undefined;
}

export function pgAvailability(): PgAvailability {
  if (process.env.DP_TEST_PG_URL) return { available: true, reason: `DP_TEST_PG_URL` };
  const binDir = findPgBinDir();
  if (binDir) return { available: true, reason: binDir, binDir };
  return {
    available: false,
    reason: 'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install them: apt-get install -y postgresql), and DP_TEST_PG_URL is not set',
  };
}

/**
 * How a PostgreSQL test file should run: `skip` locally without PostgreSQL
 * (after a loud warning), and `fail` under CI so that a missing server is a
 * red build, never a green one.
 */
export function pgSuiteMode(): { run: boolean; failReason?: string } {
  const availability = pgAvailability();
  if (availability.available) return { run: true };
  if (isCI()) return { run: false, failReason: `CI is set but PostgreSQL is unavailable: ${availability.reason}` };
  process.stderr.write(`\n*** SKIPPING PostgreSQL tests: ${availability.reason} ***\n\n`);
  return { run: false };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** uid/gid of an unprivileged account, used when running as root (initdb refuses root). */
function unprivileged(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((l) => l.startsWith(`${name}:`));
    if (line) {
      const [, , uid, gid] = line.split(':');
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody account exists to run PostgreSQL');
}

function run(bin: string, args: string[], options: SpawnSyncOptions): void {
  const result = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000, ...options });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
}

async function createDatabase(adminUrl: string): Promise<string> {
  const { default: pg } = await import('pg');
  const name = `dp_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function startCluster(binDir: string): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  const owner = unprivileged();
  const root = mkdtempSync(join(tmpdir(), 'dp-pg-'));
  const data = join(root, 'data');
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chmodSync(root, 0o700);
  }
  const as: SpawnSyncOptions = owner ? { uid: owner.uid, gid: owner.gid, cwd: root, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } } : { cwd: root };
  run(join(binDir, 'initdb'), ['-D', data, '-U', 'dp', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8'], as);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(join(binDir, 'pg_ctl'), ['-D', data, '-l', join(root, 'server.log'), '-o', options, '-w', '-t', '60', 'start'], as);
  const stop = async (): Promise<void> => {
    spawnSync(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...as, encoding: 'utf8' });
    rmSync(root, { recursive: true, force: true });
  };
  return { adminUrl: `postgres://dp@127.0.0.1:${port}/postgres`, stop };
}

/** A PostgreSQL for one test file; call `stop()` in afterAll. */
export async function startPostgres(): Promise<TestPostgres> {
  const given = process.env.DP_TEST_PG_URL;
  if (given) {
    // A shared server: drop the databases this caller created when it stops.
    const created: string[] = [];
    const make = async () => {
      const url = await createDatabase(given);
      created.push(new URL(url).pathname.slice(1));
      return url;
    };
    return { url: await make(), newDatabase: make, stop: () => dropDatabases(given, created) };
  }
  const binDir = findPgBinDir();
  if (!binDir) throw new Error(pgAvailability().reason);
  const cluster = await startCluster(binDir);
  return { url: await createDatabase(cluster.adminUrl), newDatabase: () => createDatabase(cluster.adminUrl), stop: cluster.stop };
}
