/**
 * Handlebars for prose and code, locked down: strict mode (a missing value is
 * an error, not an empty string), only dp's helpers, no partials or
 * decorators, and no path that names a prototype property, so neither an
 * answer nor a hostile local pack can reach `constructor` or `__proto__`.
 * Templates of the built-in packs are precompiled by the build (precompile.ts,
 * looked up by a hash of their text, so a local pack's template is compiled).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type HandlebarsNamespace from 'handlebars';
import { DpError } from '../errors.js';
import { fromRoot } from '../paths.js';
import { HELPERS } from './helpers.js';
import { FORBIDDEN, interpolation } from './interpolate.js';

const require = createRequire(import.meta.url);
type HandlebarsEnv = typeof HandlebarsNamespace;

type Scope = Record<string, unknown>;
export type Template = (scope: Scope) => string;
type Spec = Parameters<HandlebarsEnv['template']>[0];

const FORBIDDEN_NODES: Record<string, string> = {
  PartialStatement: 'partials',
  PartialBlockStatement: 'partials',
  Decorator: 'decorators',
  DecoratorBlock: 'decorators',
};

function withHelpers(env: HandlebarsEnv): HandlebarsEnv {
  for (const [name, fn] of Object.entries(HELPERS)) env.registerHelper(name, (...args: unknown[]) => fn(...args.slice(0, -1)));
  return env;
}

// The single-file builds load in a fraction of the time of the CommonJS tree, and
// their compiler does without the source-map library (which doubles compile time).
// Precompiled templates need only the runtime; the compiler loads on first need.
const runtime = withHelpers((require('handlebars/dist/handlebars.runtime.js') as HandlebarsEnv).create());
let full: HandlebarsEnv | undefined;
const compiler = (): HandlebarsEnv => (full ??= withHelpers((require('handlebars/dist/handlebars.js') as HandlebarsEnv).create()));

const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  noEscape: true,
  knownHelpersOnly: true,
  // `log` would write to the console; everything else known is a pure helper.
  knownHelpers: { ...Object.fromEntries(Object.keys(HELPERS).map((h) => [h, true])), log: false },
};

// Handlebars adds keys to the options it is given: hand it copies, and hash the original.
const compileOptions = (): CompileOptions => ({ ...COMPILE_OPTIONS, knownHelpers: { ...COMPILE_OPTIONS.knownHelpers } });
const OPTIONS_TEXT = JSON.stringify(COMPILE_OPTIONS);

const RUNTIME_OPTIONS: RuntimeOptions = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

interface AstNode {
  type?: string;
  loc?: { start: { line: number; column: number } };
  parts?: unknown[];
  value?: unknown;
  [key: string]: unknown;
}

function forbiddenIn(node: AstNode): string | undefined {
  if (node.type && FORBIDDEN_NODES[node.type]) return `${FORBIDDEN_NODES[node.type]} are not supported`;
  if (node.type === 'PathExpression' && node.parts?.some((p) => FORBIDDEN.has(String(p)))) return 'a path names a prototype property';
  if (node.type === 'StringLiteral' && FORBIDDEN.has(String(node.value))) return `the string "${String(node.value)}" names a prototype property`;
  return undefined;
}

/** Depth-first search of the syntax tree for anything the lock-down refuses. */
function checkTree(node: AstNode, display: string): void {
  const problem = forbiddenIn(node);
  if (problem) {
    const at = node.loc?.start;
    throw new DpError('config', `template refused: ${problem}`, {
      location: { file: display, line: at?.line, column: at === undefined ? undefined : at.column + 1 },
      hint: 'templates may use the answers and dp helpers only',
    });
  }
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && 'type' in child) checkTree(child as AstNode, display);
    }
  }
}

function templateError(error: unknown, display: string): DpError {
  const message = error instanceof Error ? error.message : String(error);
  const located = / - (\d+):(\d+)$/.exec(message.split('\n')[0]) ?? /on line (\d+)/.exec(message);
  const line = located ? Number(located[1]) : undefined;
  const column = located?.[2] === undefined ? undefined : Number(located[2]) + 1;
  const lines = message.split('\n');
  const expecting = lines.find((l) => l.startsWith('Expecting'));
  const first = lines[0].replace(/ - \d+:\d+$/, '').replace(/ on line \d+:?$/, '');
  // Strict mode's own wording names the scope object as "[object Object]".
  const missing = /^"([^"]+)" not defined in \[object Object\]$/.exec(first);
  if (missing) {
    return new DpError('config', `invalid template: \`${missing[1]}\` is not defined where the template uses it`, {
      location: { file: display, line, column },
      cause: error,
      hint: 'every value a template uses must exist; a pack with its own questions must also ask the answers the templates it inherits use (warehouse, retentionDays...)',
    });
  }
  return new DpError('config', `invalid template: ${first}${expecting ? ` (${expecting})` : ''}`, { location: { file: display, line, column }, cause: error });
}

/** Content address of a template: its text, the compile options and the Handlebars version. */
export function templateKey(source: string): string {
  return createHash('sha256').update(`${runtime.VERSION}\0${OPTIONS_TEXT}\0${source}`).digest('hex').slice(0, 32);
}

/** The checked template as a precompiled specification (JavaScript source), for the build's dist/precompiled-templates.cjs. */
export function precompileSource(source: string, display: string): string {
  const ast = compiler().parse(source);
  checkTree(ast as unknown as AstNode, display);
  return compiler().precompile(ast, compileOptions()) as unknown as string;
}

let precompiled: Record<string, Spec> | undefined;

/** The build's precompiled templates; an installation without them is broken, not slower. */
function loadPrecompiled(): Record<string, Spec> {
  const file = fromRoot('dist', 'precompiled-templates.cjs');
  try {
    return require(file) as Record<string, Spec>;
  } catch (error) {
    throw new DpError('internal', `cannot load dp's precompiled templates (${file})`, {
      hint: 'the installation is incomplete: reinstall dp, or run `npm run build` in its source tree',
      cause: error,
    });
  }
}

function precompiledSpec(source: string): Spec | undefined {
  precompiled ??= loadPrecompiled();
  const key = templateKey(source);
  return Object.hasOwn(precompiled, key) ? precompiled[key] : undefined;
}

/** Whether a text needs Handlebars at all (the simple ones are interpolated directly). */
export function needsHandlebars(source: string): boolean {
  return interpolation(source, HELPERS, '') === undefined;
}

export function compileTemplate(source: string, display: string): Template {
  const simple = interpolation(source, HELPERS, display);
  if (simple) return simple;
  let run: HandlebarsTemplateDelegate;
  try {
    const spec = precompiledSpec(source);
    if (spec) run = runtime.template(spec);
    else {
      const ast = compiler().parse(source);
      checkTree(ast as unknown as AstNode, display);
      run = compiler().compile(ast, compileOptions());
    }
  } catch (error) {
    throw error instanceof DpError ? error : templateError(error, display);
  }
  return (scope) => {
    try {
      return run(scope, RUNTIME_OPTIONS);
    } catch (error) {
      throw templateError(error, display);
    }
  };
}
