/**
 * Where the catalog is: a SQLite file (the default, under the user's data
 * directory), a PostgreSQL URL, or an HTTP(S) catalog server. Precedence:
 * `--catalog`, then `DP_CATALOG`, then `catalog:` in the nearest dp.config.yaml,
 * then the per-user default.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DpError } from '../errors.js';

export type CatalogLocation =
  | { kind: 'sqlite'; path: string; display: string }
  | { kind: 'postgres'; url: string; display: string }
  | { kind: 'http'; url: string; display: string };

const CONFIG_NAMES = ['dp.config.yaml', 'dp.config.yml'];

/** `$XDG_DATA_HOME/dp/catalog.db`, or `~/.local/share/dp/catalog.db`. */
export function defaultCatalogPath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'dp', 'catalog.db');
}

/** A URL with its password replaced, safe for messages and logs. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
  }
}

/** Reads a location as written by the user; relative file paths are taken from `baseDir`. */
export function parseLocation(raw: string, baseDir: string): CatalogLocation {
  const text = raw.trim();
  if (text === '') throw new DpError('usage', 'the catalog location is empty', { hint: 'give a SQLite file path, a postgres:// URL or an http(s):// URL' });
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', url: text, display: redactUrl(text) };
  if (/^https?:\/\//i.test(text)) return { kind: 'http', url: text.replace(/\/+$/, ''), display: redactUrl(text) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new DpError('usage', `unsupported catalog URL scheme in "${redactUrl(text)}"`, {
      hint: 'use a SQLite file path, postgres://, postgresql://, http:// or https://',
    });
  }
  const path = resolve(baseDir, text.startsWith('file:') ? text.slice(5) : text);
  return { kind: 'sqlite', path, display: path };
}

function configUpward(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const hit = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (hit) return hit;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LocationRequest {
  /** `--catalog` (commander also fills it from DP_CATALOG). */
  flag?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `--config`, when the command has one. */
  configPath?: string;
}

/** The catalog named by the flag, the environment, the configuration or the default. */
export async function resolveCatalogLocation(request: LocationRequest): Promise<CatalogLocation> {
  const { flag, cwd, env } = request;
  if (flag !== undefined) return parseLocation(flag, cwd);
  if (env.DP_CATALOG) return parseLocation(env.DP_CATALOG, cwd);
  const configPath = request.configPath ? resolve(cwd, request.configPath) : configUpward(cwd);
  if (configPath) {
    // Loaded only when a configuration exists: it brings the YAML parser and a schema validator.
    const { readConfig } = await import('../validate/policies/config.js');
    const config = await readConfig(cwd, configPath);
    if (config.catalog) return parseLocation(config.catalog, config.dir);
  }
  const path = defaultCatalogPath(env);
  return { kind: 'sqlite', path, display: path };
}
