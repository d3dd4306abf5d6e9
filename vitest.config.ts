import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const generated = fileURLToPath(new URL('./build/tsc/', import.meta.url));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
  resolve: {
    // Precompiled schema validators exist only in build/tsc/ (scripts/build.mjs); source files import them as ../schemas/<name>.js.
    alias: [{ find: /^(?:\.\.\/)+schemas\/(.+)\.js$/, replacement: `${generated}schemas/$1.js` }],
  },
});
