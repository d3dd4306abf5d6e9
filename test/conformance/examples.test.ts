import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/descriptor/source.js';
import { checkSchema } from '../../src/validate/schema-check.js';
import { officialExamples, officialValidator } from './support.js';

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
