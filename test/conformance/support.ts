/**
 * Shared by the conformance tests: where the official schemas and examples
 * live (read in place, never copied), the official validators, and in-memory
 * source files.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { loadSource, type SourceFile } from '../../src/descriptor/source.js';
import { loadValidators, type SchemaName } from '../../src/validate/schema/standards.js';

export type Kind = 'odps' | 'odcs';
export type { SchemaName };

/** Every schema dp has, each with its official counterpart. */
export const SCHEMAS: readonly SchemaName[] = ['odps-v1.0.0', 'odcs-v3.0.0', 'odcs-v3.0.1', 'odcs-v3.0.2', 'odcs-v3.1.0'];
export const ODCS_V30: readonly SchemaName[] = ['odcs-v3.0.0', 'odcs-v3.0.1', 'odcs-v3.0.2'];

/** dp loads the validators of older ODCS versions on first use; tests that call checkSchema load them all first. */
export async function loadAllValidators(): Promise<void> {
  await loadValidators(SCHEMAS);
}

/** `../shared/conformance` relative to the repository root. */
export const CONFORMANCE_DIR = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));

export function requireConformance(): string {
  if (!existsSync(CONFORMANCE_DIR)) {
    throw new Error(
      `conformance suite not found at ${CONFORMANCE_DIR}: these tests read the official ODPS/ODCS schemas and examples from ../shared/conformance next to the repository; restore that folder to run them`,
    );
  }
  return CONFORMANCE_DIR;
}

const OFFICIAL_SCHEMAS: Record<SchemaName, string> = {
  'odps-v1.0.0': 'odps/odps-json-schema-v1.0.0.json',
  'odcs-v3.0.0': 'odcs/odcs-json-schema-v3.0.0.json',
  'odcs-v3.0.1': 'odcs/odcs-json-schema-v3.0.1.json',
  'odcs-v3.0.2': 'odcs/odcs-json-schema-v3.0.2.json',
  'odcs-v3.1.0': 'odcs/odcs-json-schema-v3.1.0.json',
};

export interface Example {
  kind: Kind;
  schema: SchemaName;
  name: string;
  path: string;
}

export function officialExamples(): Example[] {
  const root = requireConformance();
  const odcs = readdirSync(join(root, 'odcs/examples'))
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((name) => ({ kind: 'odcs' as const, schema: 'odcs-v3.1.0' as const, name, path: join(root, 'odcs/examples', name) }));
  const odps = readdirSync(join(root, 'odps'))
    .filter((n) => n.endsWith('.odps.yaml'))
    .sort()
    .map((name) => ({ kind: 'odps' as const, schema: 'odps-v1.0.0' as const, name, path: join(root, 'odps', name) }));
  return [...odps, ...odcs];
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
// CommonJS packages: the class or function is the module itself or its `default`, depending on the loader.
// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => void;
const compiled = new Map<SchemaName, Validate>();

/** The official schema compiled the way the standard's authors check it: Ajv2019 + ajv-formats (`odcs`, `odps`: the latest versions). */
export function officialValidator(schema: SchemaName | Kind): Validate {
  const name: SchemaName = schema === 'odcs' ? 'odcs-v3.1.0' : schema === 'odps' ? 'odps-v1.0.0' : schema;
  let validate = compiled.get(name);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(requireConformance(), OFFICIAL_SCHEMAS[name]), 'utf8'));
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema) as Validate;
    compiled.set(name, validate);
  }
  return validate;
}

/** `../shared/realworld` relative to the repository root: real contracts from another tool, with a manifest. */
export const REALWORLD_DIR = fileURLToPath(new URL('../../../shared/realworld/', import.meta.url));

export interface RealWorldFile {
  /** Path relative to the realworld folder. */
  name: string;
  path: string;
  /** `odcs-valid`, `odcs-invalid`, `dcs` or `yaml-disputed`: what the official schema of the declared version says. */
  class: string;
  apiVersion: string;
}

export function realWorldFiles(): RealWorldFile[] {
  if (!existsSync(REALWORLD_DIR)) {
    throw new Error(
      `real-world sample not found at ${REALWORLD_DIR}: these tests read it from ../shared/realworld next to the repository; restore that folder to run them`,
    );
  }
  const lines = readFileSync(join(REALWORLD_DIR, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [name, cls, apiVersion = ''] = line.split('\t');
    return { name, path: join(REALWORLD_DIR, name), class: cls, apiVersion };
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObj(v: unknown): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A v3.1.0 example written the way an ODCS v3.0.x author would have written it, as a base for
 * the differential tests of the older schemas: the team as a list of members, no
 * relationships, no stable ids on sections, `rule` instead of `metric`, no timestamp types.
 * Whatever remains invalid for that version, the official schema judges.
 */
export function downgrade(doc: Json, version: string): Json {
  const copy = structuredClone(doc) as Record<string, Json>;
  copy.apiVersion = version;
  if (isObj(copy.team)) copy.team = Array.isArray(copy.team.members) ? copy.team.members : [];
  const walk = (node: Json, depth: number): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, depth + 1));
    if (!isObj(node)) return;
    delete node.relationships;
    if (depth > 0) delete node.id;
    if (typeof node.metric === 'string' && node.rule === undefined) {
      node.rule = node.metric;
      delete node.metric;
    }
    if (node.logicalType === 'timestamp' || node.logicalType === 'time') {
      node.logicalType = 'date';
      delete node.logicalTypeOptions;
    }
    for (const value of Object.values(node)) walk(value, depth + 1);
  };
  walk(copy, 0);
  return copy;
}

/** Bases for the differential tests of an ODCS v3.0.x schema: the official v3.1.0 examples written for it, and real files of that version. */
export function basesFor(version: string): Array<{ name: string; value: Json }> {
  const fromExamples = officialExamples()
    .filter((e) => e.kind === 'odcs')
    .map((e) => ({ name: `${e.name} as ${version}`, value: downgrade(parse(readFileSync(e.path, 'utf8')) as Json, version) }));
  const real = existsSync(REALWORLD_DIR)
    ? realWorldFiles()
        .filter((f) => f.apiVersion === version && f.class.startsWith('odcs-'))
        .map((f) => ({ name: f.name, value: parse(readFileSync(f.path, 'utf8')) as Json }))
    : [];
  return [...fromExamples, ...real];
}

/** Compiles a schema the strictest useful way: ajv strict mode (unknown keywords, type-less constraints), plus formats. */
export function strictValidator(schema: object): Validate {
  const ajv = new Ajv2019({ strict: true, strictRequired: false, allowUnionTypes: true, discriminator: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema) as Validate;
}

/** Loads YAML text through dp's own loader (from a temporary file), as `dp validate` would. */
export function sourceFromText(text: string, display: string): SourceFile {
  scratch ??= mkdtempSync(join(tmpdir(), 'dp-conformance-'));
  const path = join(scratch, 'doc.yaml');
  writeFileSync(path, text);
  const file = loadSource(path, display);
  if (!file.value) throw new Error(`${display}: ${file.problems[0]?.message ?? 'did not load'}`);
  return file;
}

let scratch: string | undefined;

export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}
