/**
 * Running `dp catalog serve` as a user would (the built bin, a child process)
 * on a free port, and the things catalog server tests share: tokens, a mesh
 * on disk, and JSON requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DP_BIN, dp } from '../support/cli.js';
import { stringify } from 'yaml';
import { clone, playerProduct, streamingMesh, writeProduct } from '../support/catalog.js';

export { DP_BIN, dp } from '../support/cli.js';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote on stderr so far. */
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export function startServer(catalog: string, cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [DP_BIN, 'catalog', 'serve', '--port', '0', '--catalog', catalog, ...args], {
    cwd,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 30 s:\n${err}`));
    }, 30_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      err += chunk;
      const match = err.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child, stderr: () => err, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${err}`));
    });
  });
}

export function createToken(catalog: string, cwd: string, scope: { team?: string; admin?: boolean }): { token: string; id: string } {
  const args = ['catalog', 'token', 'create', '--catalog', catalog, '--json', ...(scope.admin ? ['--admin'] : ['--team', scope.team!])];
  const r = dp(args, { cwd });
  if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as { token: string; id: string };
  return { token: doc.token, id: doc.id };
}

/** Tokens of the mesh's teams and an admin token, by team name (`admin`), with their ids. */
export interface MeshTokens {
  tokens: Record<string, string>;
  ids: Record<string, string>;
}

/**
 * The streaming mesh written under `root/mesh`, tokens for its two first teams and an admin, and a
 * server on `catalog` through which the admin published the mesh.
 */
export async function servedMesh(root: string, catalog: string, args: string[] = []): Promise<MeshTokens & { server: RunningServer }> {
  writeMesh(root);
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  for (const team of ['player-team', 'listener-team', 'admin'])
    ({ token: tokens[team], id: ids[team] } = createToken(catalog, root, team === 'admin' ? { admin: true } : { team }));
  const server = await startServer(catalog, root, args);
  const published = dpWithToken(['publish', 'mesh', '--catalog', server.url], root, tokens.admin);
  if (published.code !== 0) {
    await server.stop();
    throw new Error(`publishing the mesh failed:\n${published.stdout}${published.stderr}`);
  }
  return { server, tokens, ids };
}

/** The streaming mesh written under `root/mesh/<id>`; returns the product directories. */
export function writeMesh(root: string): Record<string, string> {
  const dirs: Record<string, string> = {};
  for (const product of streamingMesh()) dirs[product.descriptor.id] = writeProduct(join(root, 'mesh', product.descriptor.id), product);
  return dirs;
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export async function api(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML or empty: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** `dp` with the catalog token in the environment. */
export function dpWithToken(args: string[], cwd: string, token?: string) {
  return dp(args, { cwd, env: token ? { DP_CATALOG_TOKEN: token } : {} });
}

/** A publish request body for one product given as texts. */
export const offer = (descriptor: string, contracts: Array<{ file: string; text: string }> = []) => ({
  candidates: [{ source: 'test', documents: { descriptor: { file: 'dataproduct.odps.yaml', text: descriptor }, contracts } }],
});

/** A publish request body for the player product, changed by `mutate`. */
export function playerOffer(mutate: (p: ReturnType<typeof playerProduct>) => void = () => {}) {
  const p = clone(playerProduct());
  mutate(p);
  return offer(stringify(p.descriptor), [{ file: 'contracts/events.odcs.yaml', text: stringify(p.contracts.events) }]);
}
