/** Compiled declarative rules kept on disk: the same verdicts and errors from the cache as from ajv, and a bad cache never trusted. */
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirectory, compileValidators, type CompileRequest } from '../../src/validate/custom/compile.js';
import { tempDir } from '../support/product.js';

const SCHEMA = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 3, pattern: '^[a-z]' },
    email: { format: 'email' },
    at: { format: 'date-time' },
    kind: { enum: [{ a: 1 }, 'plain'] },
  },
};
const REQUESTS: CompileRequest[] = [
  { mode: 'all', schema: SCHEMA },
  { mode: 'first', schema: SCHEMA },
];
const SAMPLES: unknown[] = [
  { name: 'plays', email: 'ana@example.com', at: '2026-01-01T00:00:00Z', kind: { a: 1 } },
  { name: 'Pl', email: 'nobody', at: 'yesterday', kind: { a: 2 } },
  { name: '𝒜𝒜', kind: 'plain' },
  {},
  'not an object',
];

function verdicts(validators: Awaited<ReturnType<typeof compileValidators>>): unknown[] {
  return validators.flatMap((v) => SAMPLES.map((s) => [v(s), v.errors?.map((e) => [e.instancePath, e.keyword, e.message]) ?? null]));
}

describe('the cache of compiled rules', () => {
  it('gives the same verdicts and errors from the cache as from ajv (formats, lengths, deep equality)', async () => {
    const { dir, cleanup } = tempDir('dp-rule-cache-');
    try {
      const env = { DP_CACHE_DIR: dir };
      const compiled = await compileValidators(REQUESTS, env);
      expect(readdirSync(join(dir, 'rules')).filter((n) => n.endsWith('.cjs'))).toHaveLength(2);
      const cached = await compileValidators(REQUESTS, env);
      expect(cached[0]).not.toBe(compiled[0]);
      expect(verdicts(cached)).toEqual(verdicts(compiled));
      expect(verdicts(compiled).filter((v) => (v as [boolean])[0] === true)).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('compiles again over a cached file that does not load, and replaces it', async () => {
    const { dir, cleanup } = tempDir('dp-rule-cache-');
    try {
      const env = { DP_CACHE_DIR: dir };
      await compileValidators([REQUESTS[0]], env);
      const [file] = readdirSync(join(dir, 'rules')).filter((n) => n.endsWith('.cjs'));
      writeFileSync(join(dir, 'rules', file), 'module.exports = require("child_process");');
      const [v] = await compileValidators([REQUESTS[0]], env);
      expect(v({ name: 'plays' })).toBe(true);
      const [again] = await compileValidators([REQUESTS[0]], env);
      expect(again({ name: 'P' })).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('runs no cached file that others may write', async () => {
    const { dir, cleanup } = tempDir('dp-rule-cache-');
    try {
      const env = { DP_CACHE_DIR: dir };
      await compileValidators([REQUESTS[0]], env);
      const [file] = readdirSync(join(dir, 'rules')).filter((n) => n.endsWith('.cjs'));
      const path = join(dir, 'rules', file);
      expect(statSync(path).mode & 0o077).toBe(0);
      writeFileSync(path, 'module.exports = () => true;');
      chmodSync(path, 0o666);
      const [v] = await compileValidators([REQUESTS[0]], env);
      expect(v({})).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('is turned off by DP_CACHE_DIR=off, and lives under XDG_CACHE_HOME or ~/.cache otherwise', async () => {
    expect(cacheDirectory({ DP_CACHE_DIR: 'off' })).toBeUndefined();
    expect(cacheDirectory({ DP_CACHE_DIR: '/x/y' })).toBe('/x/y');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/c' })).toBe(join('/c', 'dp'));
    expect(cacheDirectory({})).toMatch(/[/\\]\.cache[/\\]dp$/);
    const [v] = await compileValidators([REQUESTS[0]], { DP_CACHE_DIR: 'off' });
    expect(v({ name: 'plays' })).toBe(true);
  });
});
