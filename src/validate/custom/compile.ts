/**
 * The validators of an organisation's declarative rules, compiled by ajv and kept compiled on disk.
 *
 * Loading ajv and compiling twenty rules costs about 100 ms, as much as the rest of `dp validate`
 * on one product. A schema compiles to the same code every time, so the code ajv generates for it
 * (its "standalone" module) is kept in the user's cache directory under a digest of the schema,
 * the options and dp's version; a later run loads that code without loading ajv at all. A cache
 * that cannot be read or written (a read-only home, `DP_CACHE_DIR=off`) only costs the compile.
 * The code is dp's own output, in a directory of the user's only (see docs/security.md).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CompiledValidator } from '../../config/document.js';
import { atomicWriteFile } from '../../util/fs.js';
import { dpVersion } from '../../version.js';

/** `all`: every error (a rule's own validator, for findings); `first`: stops at the first (a group's). */
export type CompileMode = 'all' | 'first';

export interface CompileRequest {
  mode: CompileMode;
  schema: Record<string, unknown>;
}

/** A schema ajv refuses, with the request it came from. */
export class CompileError extends Error {
  constructor(
    readonly request: CompileRequest,
    readonly reason: unknown,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** Bumped whenever the options below or the module format change. */
const FORMAT = 1;
/** Files kept at most: the oldest go first (a policy edited often leaves old schemas behind). */
const MAX_FILES = 400;
const FORMATS_MODULE = 'dp:formats';

interface Ajv {
  compile(schema: Record<string, unknown>): CompiledValidator;
}

interface Toolkit {
  instances: Record<CompileMode, Ajv>;
  standalone: (ajv: Ajv, validate: CompiledValidator) => string;
}

let toolkit: Promise<Toolkit> | undefined;

async function loadToolkit(): Promise<Toolkit> {
  // CommonJS whose module.exports is the class: `default` is what Node and the bundle both give.
  const ajvModule = await import('ajv/dist/2019.js');
  const Ajv2019 = ajvModule.default as unknown as typeof ajvModule.Ajv2019;
  // CommonJS named exports: on the module in Node, on `default` in the bundle.
  const ajvMain = (await import('ajv')) as unknown as { _?: typeof import('ajv')._; default: { _: typeof import('ajv')._ } };
  const _ = ajvMain._ ?? ajvMain.default._;
  const standaloneModule = (await import('ajv/dist/standalone/index.js')) as unknown as { default: Toolkit['standalone'] | { default: Toolkit['standalone'] } };
  const standalone = typeof standaloneModule.default === 'function' ? standaloneModule.default : standaloneModule.default.default;
  const { formats } = await import('../schema/formats.js');
  // Without code optimisation, compiling costs about half as much; the validators run as fast on documents.
  // Schemas are not checked against the meta-schema (compiling it costs ~50 ms in every thread): ajv's
  // keywords check their own values while compiling, and a schema that does not compile is reported.
  // Formats written as functions are required from dp's formats module by the generated code.
  const options = {
    strict: false,
    allowUnionTypes: true,
    validateSchema: false,
    formats: formats as never,
    code: { optimize: false, source: true, formats: _`require(${FORMATS_MODULE})` },
  };
  const instances = { all: new Ajv2019({ ...options, allErrors: true }), first: new Ajv2019({ ...options, allErrors: false }) };
  return { instances: instances as unknown as Toolkit['instances'], standalone };
}

/** `DP_CACHE_DIR`, else `$XDG_CACHE_HOME/dp`, else `~/.cache/dp`; undefined when turned off. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.DP_CACHE_DIR;
  if (explicit !== undefined && explicit !== '') return ['off', '0', 'false', 'none'].includes(explicit.toLowerCase()) ? undefined : explicit;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'dp');
}

function keyOf(request: CompileRequest): string {
  const text = JSON.stringify([FORMAT, dpVersion(), request.mode, request.schema]);
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

const runtimeRequire = createRequire(import.meta.url);
let formatsModule: unknown;

/** Evaluates a cached module: it may require ajv's small runtime helpers and dp's formats, nothing else. */
function evaluate(code: string): CompiledValidator {
  const module: { exports: unknown } = { exports: {} };
  const require = (id: string): unknown => {
    if (id === FORMATS_MODULE) return formatsModule;
    if (/^ajv\/dist\/runtime\/[a-z0-9_]+$/.test(id)) return runtimeRequire(id);
    throw new Error(`a cached validator requires ${id}`);
  };
  // dp's own generated code (see the module comment), evaluated with a require of what it may need.
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  if (typeof module.exports !== 'function') throw new Error('a cached validator exports no function');
  return module.exports as CompiledValidator;
}

/** Code is run only from a file of the user's own that nobody else may write (as ssh treats its keys). */
function trusted(path: string): boolean {
  const stat = statSync(path);
  const uid = process.getuid?.();
  return stat.isFile() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}

class ValidatorCache {
  private readonly dir: string;

  constructor(root: string) {
    this.dir = join(root, 'rules');
  }

  get(key: string): CompiledValidator | undefined {
    const path = join(this.dir, `${key}.cjs`);
    try {
      return existsSync(path) && trusted(path) ? evaluate(readFileSync(path, 'utf8')) : undefined;
    } catch {
      rmSync(path, { force: true });
      return undefined;
    }
  }

  put(key: string, code: string): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      atomicWriteFile(join(this.dir, `${key}.cjs`), `// Generated by dp from a declarative rule's JSON Schema; safe to delete.\n${code}\n`, 0o600);
      this.prune();
    } catch {
      // A cache that cannot be written costs only the compile of the next run.
    }
  }

  private prune(): void {
    const files = readdirSync(this.dir).filter((n) => n.endsWith('.cjs'));
    if (files.length <= MAX_FILES) return;
    const aged = files.map((n) => ({ path: join(this.dir, n), at: statSync(join(this.dir, n)).mtimeMs })).sort((a, b) => a.at - b.at);
    for (const old of aged.slice(0, files.length - MAX_FILES)) rmSync(old.path, { force: true });
  }
}

/** Compiles each request, from the cache when it holds it; ajv is loaded only when one is missing. */
export async function compileValidators(requests: CompileRequest[], env: NodeJS.ProcessEnv = process.env): Promise<CompiledValidator[]> {
  const root = cacheDirectory(env);
  const cache = root ? new ValidatorCache(root) : undefined;
  formatsModule ??= (await import('../schema/formats.js')).formats;
  const keys = requests.map(keyOf);
  const out = keys.map((key) => cache?.get(key));
  if (out.every((v) => v !== undefined)) return out as CompiledValidator[];
  const kit = await (toolkit ??= loadToolkit());
  requests.forEach((request, i) => {
    if (out[i]) return;
    const ajv = kit.instances[request.mode];
    try {
      out[i] = ajv.compile(request.schema);
    } catch (error) {
      throw new CompileError(request, error);
    }
    cache?.put(keys[i], kit.standalone(ajv, out[i]!));
  });
  return out as CompiledValidator[];
}
