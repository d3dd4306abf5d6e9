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
import { loadSource, type SourceFile } from '../../src/descriptor/source.js';

export type Kind = 'odps' | 'odcs';

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

const OFFICIAL_SCHEMAS: Record<Kind, string> = {
  odps: 'odps/odps-json-schema-v1.0.0.json',
  odcs: 'odcs/odcs-json-schema-v3.1.0.json',
};

export interface Example {
  kind: Kind;
  name: string;
  path: string;
}

export function officialExamples(): Example[] {
  const root = requireConformance();
  const odcs = readdirSync(join(root, 'odcs/examples'))
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((name) => ({ kind: 'odcs' as const, name, path: join(root, 'odcs/examples', name) }));
  const odps = readdirSync(join(root, 'odps'))
    .filter((n) => n.endsWith('.odps.yaml'))
    .sort()
    .map((name) => ({ kind: 'odps' as const, name, path: join(root, 'odps', name) }));
  return [...odps, ...odcs];
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
// CommonJS packages: the class or function is the module itself or its `default`, depending on the loader.
// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => void;
const compiled = new Map<Kind, Validate>();

/** The official schema compiled the way the standard's authors check it: Ajv2019 + ajv-formats. */
export function officialValidator(kind: Kind): Validate {
  let validate = compiled.get(kind);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(requireConformance(), OFFICIAL_SCHEMAS[kind]), 'utf8'));
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema) as Validate;
    compiled.set(kind, validate);
  }
  return validate;
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
