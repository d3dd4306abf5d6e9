import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource } from '../../src/descriptor/source.js';
import { checkSchema, schemaOf } from '../../src/validate/schema-check.js';
import { loadAllValidators, officialExamples, officialValidator, SCHEMAS, strictValidator } from './support.js';

beforeAll(loadAllValidators);

describe('official examples', () => {
  const examples = officialExamples();

  it('finds the whole suite', () => {
    expect(examples.filter((e) => e.kind === 'odps').length).toBeGreaterThanOrEqual(2);
    expect(examples.filter((e) => e.kind === 'odcs').length).toBeGreaterThanOrEqual(18);
  });

  for (const example of examples) {
    it(`${example.name}: dp's schema of its declared version agrees with the official one`, () => {
      const file = loadSource(example.path, example.name);
      expect(file.problems).toEqual([]);
      const name = schemaOf(file)!;
      // The suite itself is sound: the official schema of the latest version accepts every example...
      expect(officialValidator(example.schema)(file.value)).toBe(true);
      const findings = checkSchema(file);
      if (officialValidator(name)(file.value)) expect(findings).toEqual([]);
      else {
        // ...but a few declare v3.0.2 while written in v3.1.0: each finding says which version to declare.
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) expect(f.hint).toMatch(/the contract is valid ODCS v3\.1\.0 but declares ODCS v3\.0\.2: set `apiVersion: v3\.1\.0`$/);
      }
    });
  }
});

describe("dp's own schemas", () => {
  for (const file of SCHEMAS.map((name) => `${name}.schema.json`)) {
    it(`${file} is a strict draft 2019-09 schema with a stable $id`, () => {
      const schema = JSON.parse(readFileSync(fileURLToPath(new URL(`../../schemas/${file}`, import.meta.url)), 'utf8'));
      expect(schema.$schema).toBe('https://json-schema.org/draft/2019-09/schema');
      expect(schema.$id).toBe(`https://dp-cli.dev/schemas/${file}`);
      // Strict mode catches typos in keywords and type-less constraints; `discriminator` is the one non-standard keyword.
      expect(() => strictValidator(schema)).not.toThrow();
      // Both standards close the top level: own metadata goes under customProperties.
      expect(schema.additionalProperties).toBe(false);
    });
  }
});
