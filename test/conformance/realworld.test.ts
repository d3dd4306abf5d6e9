/**
 * The goals of `dp validate` on real contracts from another tool (../shared/realworld, read in
 * place): the schema of each file's declared version agrees with the official one both ways,
 * officially valid files get no error under `minimal`, files that are not ODCS never pass, and a
 * disputed YAML file gets one finding. docs/validate.md gives the figures under `recommended`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { validatePaths } from '../../src/validate/run.js';
import { realWorldFiles, type RealWorldFile } from './support.js';

const scratch = mkdtempSync(join(tmpdir(), 'dp-realworld-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function findingsUnder(preset: string, file: RealWorldFile): Promise<Finding[]> {
  const policies = join(scratch, `${preset}.yaml`);
  writeFileSync(policies, `extends: ${preset}\n`);
  const run = await validatePaths({ cwd: dirname(file.path), paths: [file.path], policiesPath: policies, jobs: 1 });
  return run.findings;
}

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');
const show = (file: RealWorldFile, findings: Finding[]) =>
  `${file.name}: ${errors(findings)
    .map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)
    .join(' | ')}`;

const results: Array<{ file: RealWorldFile; none: Finding[]; minimal: Finding[]; recommended: Finding[] }> = [];
beforeAll(async () => {
  for (const file of realWorldFiles()) {
    results.push({
      file,
      none: await findingsUnder('none', file),
      minimal: await findingsUnder('minimal', file),
      recommended: await findingsUnder('recommended', file),
    });
  }
}, 300_000);

describe('the real-world sample', () => {
  it('is all there', () => {
    expect(results.length).toBe(100);
  });

  it("agrees with the official schema of each file's declared version, both ways", () => {
    const refusedValid = results.filter((r) => r.file.class === 'odcs-valid' && errors(r.none).length > 0).map((r) => show(r.file, r.none));
    const acceptedInvalid = results.filter((r) => r.file.class === 'odcs-invalid' && errors(r.none).length === 0).map((r) => r.file.name);
    expect(refusedValid).toEqual([]);
    expect(acceptedInvalid).toEqual([]);
  });

  it('gives no error under minimal to an officially valid file', () => {
    expect(results.filter((r) => r.file.class === 'odcs-valid' && errors(r.minimal).length > 0).map((r) => show(r.file, r.minimal))).toEqual([]);
  });

  it('never reports a Data Contract Specification file as clean: one finding says to convert it', () => {
    for (const { file, recommended, minimal } of results.filter((r) => r.file.class === 'dcs')) {
      for (const findings of [recommended, minimal]) {
        expect(
          findings.map((f) => f.ruleId),
          file.name,
        ).toEqual(['unsupported-document']);
        expect(findings[0].message, file.name).toMatch(/^Data Contract Specification [\d.]+, not ODCS: convert it with `dp convert`/);
      }
    }
  });

  it('gives the disputed YAML file one finding that says what to do', () => {
    for (const { file, none } of results.filter((r) => r.file.class === 'yaml-disputed')) {
      expect(
        none.map((f) => f.ruleId),
        file.name,
      ).toEqual(['yaml-syntax']);
      expect(none[0].hint).toMatch(/^indent the continuation of this quoted string deeper than `description:`/);
    }
  });
});
