/**
 * Support for the dp init end-to-end tests: run the built bin in a temp
 * directory (CI=true, no stdin), list the generated tree, and check documents
 * against the OFFICIAL ODPS/ODCS schemas read in place from ../shared/conformance.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { dp as run, type CliResult } from '../support/cli.js';

export { DP_BIN } from '../support/cli.js';

const CONFORMANCE = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));

export type Run = CliResult;

export function dp(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  return run(args, { cwd, env });
}

export function tempDir(prefix = 'dp-init-'): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a directory, relative, sorted (hidden ones included). */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

export function readYaml(path: string): Record<string, unknown> {
  return parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

export const BASE_ARGS = ['--name', 'play-events', '--domain', 'player', '--owner', 'ana@example.com'];

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let official: { odps: Validate; odcs: Validate } | undefined;

/** The official schemas, compiled once, with ajv's draft 2019-09 class and ajv-formats. */
export function officialSchemas(): { odps: Validate; odcs: Validate } {
  if (official) return official;
  const odpsPath = join(CONFORMANCE, 'odps/odps-json-schema-v1.0.0.json');
  const odcsPath = join(CONFORMANCE, 'odcs/odcs-json-schema-v3.1.0.json');
  if (!existsSync(odpsPath) || !existsSync(odcsPath))
    throw new Error(`official schemas not found under ${CONFORMANCE} (the shared conformance folder is missing)`);
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (a: unknown) => void)(ajv);
  official = {
    odps: ajv.compile(JSON.parse(readFileSync(odpsPath, 'utf8'))) as Validate,
    odcs: ajv.compile(JSON.parse(readFileSync(odcsPath, 'utf8'))) as Validate,
  };
  return official;
}

/** Errors of the descriptor and every contract of a product under the official schemas (empty when all are valid). */
export function officialErrors(productDir: string): string[] {
  const { odps, odcs } = officialSchemas();
  const errors: string[] = [];
  const check = (validate: Validate, file: string): void => {
    if (!validate(readYaml(join(productDir, file)))) errors.push(`${file}: ${JSON.stringify(validate.errors)}`);
  };
  check(odps, 'dataproduct.odps.yaml');
  for (const f of readdirSync(join(productDir, 'contracts'))) check(odcs, `contracts/${f}`);
  return errors;
}

/** dp validate --json on a directory: the findings (the run must succeed). */
export function allFindings(dir: string, cwd: string): Array<{ ruleId: string; message: string; file: string; severity: string }> {
  const r = dp(['validate', dir, '--json'], cwd);
  const doc = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; file: string; severity: string }> };
  return doc.findings;
}

/**
 * The findings of a product, but the info that lists what a draft still has to fill in (every
 * generated product has placeholders: example URLs, stubs): checked on its own where it matters.
 */
export function findings(dir: string, cwd: string): Array<{ ruleId: string; message: string; file: string }> {
  return allFindings(dir, cwd).filter((f) => !(f.ruleId === 'placeholders-draft' && f.severity === 'info'));
}

export interface ValidateFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `dp validate --json` of a path: its exit code and findings. */
export function validateJson(path: string, cwd: string, args: string[] = []): { code: number; findings: ValidateFinding[] } {
  const r = dp(['validate', path, '--json', ...args], cwd);
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: ValidateFinding[] }).findings };
}
