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
  { kind: 'sqlite'; path: string; display: string } | { kind: 'postgres'; url: string; display: string } | { kind: 'http'; url: string; display: string };

const CONFIG_NAMES = ['dp.config.yaml', 'dp.config.yml'];

/** `$XDG_DATA_HOME/dp/catalog.db`, or `~/.local/share/dp/catalog.db`. */
export function defaultCatalogPath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'dp', 'catalog.db');
}

/** Query parameters that carry secrets: PostgreSQL's `password` and `sslpassword`, tokens and keys of other services. */
const SECRET_PARAMETER = /pass|secret|token|auth|key/i;

/**
 * A URL with its password, and the values of query parameters that may be secrets, replaced: safe
 * for messages and logs. A URL that does not parse is masked from its first `:` after `//` up to its
 * last `@`, and in every parameter named like a secret.
 */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    for (const name of new Set(url.searchParams.keys())) if (SECRET_PARAMETER.test(name)) url.searchParams.set(name, '***');
    return url.toString();
  } catch {
    return raw.replace(/\/\/([^:/@?#]*):.*@/, '//$1:***@').replace(/([?&][^=&#]*(?:pass|secret|token|auth|key)[^=&#]*=)[^&#]*/gi, '$1***');
  }
}

/** A catalog server URL with a user or password: dp authenticates to servers with a token, and would only leak them. */
function refuseCredentials(text: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return;
  }
  if (url.username || url.password) {
    throw new DpError('usage', `the catalog server URL ${redactUrl(text)} carries a user name or password`, {
      hint: 'remove them from the URL: a catalog server takes a token, from DP_CATALOG_TOKEN',
    });
  }
}

/** Reads a location as written by the user; relative file paths are taken from `baseDir`. */
export function parseLocation(raw: string, baseDir: string): CatalogLocation {
  const text = raw.trim();
  if (text === '') throw new DpError('usage', 'the catalog location is empty', { hint: 'give a SQLite file path, a postgres:// URL or an http(s):// URL' });
  if (/^postgres(ql)?:\/\//i.test(text)) {
    if (!URL.canParse(text)) {
      throw new DpError('usage', `the catalog URL ${redactUrl(text)} is not a valid URL`, {
        hint: 'percent-encode special characters in the user name and password (%23 for #, %40 for @, %2F for /, %20 for a space)',
      });
    }
    return { kind: 'postgres', url: text, display: redactUrl(text) };
  }
  if (/^https?:\/\//i.test(text)) {
    refuseCredentials(text);
    return { kind: 'http', url: text.replace(/\/+$/, ''), display: redactUrl(text) };
  }
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

/** The catalog named by the flag, the environment or the configuration; undefined when none is (the default is not "configured"). */
export async function configuredCatalogLocation(request: LocationRequest): Promise<CatalogLocation | undefined> {
  const { flag, cwd, env } = request;
  if (flag !== undefined) return parseLocation(flag, cwd);
  if (env.DP_CATALOG) return parseLocation(env.DP_CATALOG, cwd);
  const configPath = request.configPath ? resolve(cwd, request.configPath) : configUpward(cwd);
  if (configPath) {
    // Loaded only when a configuration exists: it brings the YAML parser and a schema validator.
    const { readConfig } = await import('../config/config.js');
    const config = await readConfig(cwd, configPath);
    if (config.catalog) return parseLocation(config.catalog, config.dir);
  }
  return undefined;
}

/** The catalog named by the flag, the environment, the configuration or the default. */
export async function resolveCatalogLocation(request: LocationRequest): Promise<CatalogLocation> {
  const configured = await configuredCatalogLocation(request);
  if (configured) return configured;
  const path = defaultCatalogPath(request.env);
  return { kind: 'sqlite', path, display: path };
}
