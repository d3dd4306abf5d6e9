import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/descriptor/source.js';
import { checkSchema } from '../../src/validate/schema-check.js';
import { officialExamples, officialValidator, strictValidator } from './support.js';

describe('official examples', () => {
  const examples = officialExamples();

  it('finds the whole suite', () => {
    expect(examples.filter((e) => e.kind === 'odps').length).toBeGreaterThanOrEqual(2);
    expect(examples.filter((e) => e.kind === 'odcs').length).toBeGreaterThanOrEqual(18);
  });

  for (const example of examples) {
    it(`${example.name} passes dp's ${example.kind.toUpperCase()} schema with no findings`, () => {
      const file = loadSource(example.path, example.name);
      expect(file.problems).toEqual([]);
      // The suite itself is sound: the official schema accepts the example.
      expect(officialValidator(example.kind)(file.value)).toBe(true);
      expect(checkSchema(file, example.kind)).toEqual([]);
    });
  }
});

describe("dp's own schemas", () => {
  for (const file of ['odps-v1.0.0.schema.json', 'odcs-v3.1.0.schema.json']) {
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
