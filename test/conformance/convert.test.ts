/**
 * `dp convert` on third-party files read in place: the real contracts of
 * ../shared/realworld (Data Contract Specification and ODCS v3.0.x) and the
 * official DPDS examples. Whatever the source's own official schema accepts
 * must convert into documents the official schemas of ODCS v3.1.0 and ODPS
 * v1.0.0 accept; whatever the output still lacks is listed as `invalid`, never
 * silent; and `dp validate` under `minimal` finds no error dp's schema does not.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planConversions, type Plan } from '../../src/convert/plan.js';
import type { OutputFile } from '../../src/convert/types.js';
import { validatePaths } from '../../src/validate/run.js';
import { removeScratchDirs, scratchDir } from '../support/convert.js';
import { CONFORMANCE_DIR, officialValidator, requireConformance } from './support.js';

const REALWORLD = fileURLToPath(new URL('../../../shared/realworld/', import.meta.url));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

function requireRealworld(): string {
  if (!existsSync(join(REALWORLD, 'manifest.tsv')))
    throw new Error(
      `real-world sample not found at ${REALWORLD}: these tests read ../shared/realworld next to the repository; restore that folder to run them`,
    );
  return REALWORLD;
}

/** Each Data Contract Specification file against the official schema of its version (draft-07). */
function dcsValidator(): (doc: Record<string, unknown>) => boolean {
  const validators = new Map<string, (d: unknown) => boolean>();
  for (const version of ['1.1.0', '1.2.0', '1.2.1']) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validators.set(version, ajv.compile(JSON.parse(readFileSync(join(requireConformance(), `dcs/dcs-schema-v${version}.json`), 'utf8'))));
  }
  return (doc) => (validators.get(String(doc.dataContractSpecification)) ?? validators.get('1.2.1')!)(doc);
}

interface Row {
  file: string;
  cls: string;
}

function manifest(): Row[] {
  return readFileSync(join(requireRealworld(), 'manifest.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [file, cls] = line.split('\t');
      return { file, cls };
    });
}

let plan: Plan;
let outputs: Map<string, OutputFile>;

beforeAll(() => {
  plan = planConversions({ cwd: requireRealworld(), paths: ['.'], output: scratchDir(), unmapped: 'custom-properties' });
  outputs = new Map(plan.conversions.map((c) => [c.source, c.outputs[0]]));
});
afterAll(() => removeScratchDirs());

describe('dp convert on the real-world sample', () => {
  it('converts every Data Contract Specification and ODCS v3.0.x file; the file no YAML parser agrees on is skipped with the reason', () => {
    const rows = manifest();
    const expected = rows.filter(
      (r) => r.cls === 'dcs' || (r.cls.startsWith('odcs') && !/v3\.1\.0/.test(readFileSync(join(REALWORLD, r.file), 'utf8').match(/apiVersion:.*/)?.[0] ?? '')),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.conversions.map((c) => c.source).sort()).toEqual(expected.map((r) => r.file).sort());
    expect(plan.skipped.find((s) => s.file.endsWith('adventureworks.odcs.yaml'))?.reason).toMatch(/not read/);
  });

  it('every source valid under its own official schema gives a contract valid under the official ODCS v3.1.0 schema', () => {
    const validDcs = dcsValidator();
    const official = officialValidator('odcs');
    const failures: string[] = [];
    for (const row of manifest()) {
      const output = outputs.get(row.file);
      if (!output) continue;
      const source = parse(readFileSync(join(REALWORLD, row.file), 'utf8')) as Record<string, unknown>;
      const sourceValid = row.cls === 'dcs' ? validDcs(source) : row.cls === 'odcs-valid';
      if (sourceValid && !official(parse(output.text))) failures.push(`${row.file}: ${JSON.stringify(official.errors?.slice(0, 3))}`);
    }
    expect(failures).toEqual([]);
  });

  it('an output the official schema rejects always carries an `invalid` note, and only then', () => {
    const official = officialValidator('odcs');
    for (const conversion of plan.conversions) {
      const output = conversion.outputs[0];
      const listed = conversion.notes.some((n) => n.kind === 'invalid' && n.file === output.display);
      expect(listed, conversion.source).toBe(!official(parse(output.text)));
    }
  });

  it('dp validate under `minimal` finds no error in the converted contracts beyond what the conversion listed as invalid', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'policies.yaml'), 'extends: minimal\n');
    const files = plan.conversions.map((c) => c.outputs[0]);
    for (const [i, output] of files.entries()) writeFileSync(join(dir, `c${i}.odcs.yaml`), output.text);
    const run = await validatePaths({ cwd: dir, paths: files.map((_, i) => `c${i}.odcs.yaml`), policiesPath: join(dir, 'policies.yaml'), jobs: 1 });
    const invalid = new Set(
      files
        .filter((o) => plan.conversions.some((c) => c.notes.some((n) => n.kind === 'invalid' && n.file === o.display)))
        .map((o) => `c${files.indexOf(o)}.odcs.yaml`),
    );
    const errors = run.findings.filter((f) => f.severity === 'error' && !invalid.has(f.file));
    expect(errors).toEqual([]);
  });
});

describe('dp convert on the official DPDS examples', () => {
  for (const example of ['examples/tripexecution/data-product-descriptor.json', 'examples/minimal.dpd.json']) {
    it(`${example} becomes an ODPS descriptor and contracts the official schemas accept`, () => {
      const dpds = join(CONFORMANCE_DIR, 'dpds');
      const result = planConversions({ cwd: dpds, paths: [example], output: scratchDir(), unmapped: 'custom-properties' });
      expect(result.problems).toEqual([]);
      const files = result.conversions[0].outputs;
      const expected = example.includes('minimal')
        ? ['dataproduct.odps.yaml']
        : ['contracts/tripEvents.odcs.yaml', 'contracts/tripStatus.odcs.yaml', 'dataproduct.odps.yaml'];
      expect(files.map((f) => f.display.replace(/^.*\/(dataproduct|contracts)/, '$1')).sort()).toEqual(expected);
      for (const file of files) {
        const validate = officialValidator(file.kind);
        expect(validate(parse(file.text)), `${file.display}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      expect(result.skipped.map((s) => s.file)).toEqual([]);
    });
  }

  it('the converted trip-execution product validates as a product with no error under `minimal`', async () => {
    const dpds = join(CONFORMANCE_DIR, 'dpds');
    const out = scratchDir();
    const result = planConversions({ cwd: dpds, paths: ['examples/tripexecution/data-product-descriptor.json'], output: out, unmapped: 'custom-properties' });
    for (const file of result.conversions[0].outputs) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.text);
    }
    writeFileSync(join(out, 'policies.yaml'), 'extends: minimal\n');
    const run = await validatePaths({ cwd: out, paths: ['.'], policiesPath: join(out, 'policies.yaml'), jobs: 1 });
    expect(run.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(run.findings.length).toBe(0);
  });
});
