import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const generated = fileURLToPath(new URL('./build/tsc/', import.meta.url));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // dp keeps compiled rules in a cache directory: the tests' own, never the user's.
    env: { DP_CACHE_DIR: join(tmpdir(), `dp-test-cache-${process.pid}`) },
  },
  resolve: {
    // Precompiled schema validators exist only in build/tsc/ (scripts/build.mjs); source files import them as ../schemas/<name>.js.
    alias: [{ find: /^(?:\.\.\/)+schemas\/(.+)\.js$/, replacement: `${generated}schemas/$1.js` }],
  },
});
