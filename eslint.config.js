// ESLint: typescript-eslint's recommended rules, no import cycles, and the layers of
// docs/architecture.md. A layer imports only from the layers below it:
//   cli -> commands -> server -> catalog / data / control / scaffold / convert -> validate -> config -> descriptor -> core -> util
// (data and control may also read the catalog; catalog, scaffold and convert import none of their peers).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const CORE = ['./src/core', './src/errors.ts', './src/context.ts', './src/paths.ts', './src/version.ts', './src/output.ts'];
const LAYERS = {
  util: ['./src/util'],
  core: CORE,
  descriptor: ['./src/descriptor'],
  // src/schemas/ holds the declarations of the validators the build generates: no layer of its own.
  config: ['./src/config'],
  validate: ['./src/validate'],
  catalog: ['./src/catalog'],
  data: ['./src/data'],
  control: ['./src/control'],
  scaffold: ['./src/scaffold'],
  convert: ['./src/convert'],
  server: ['./src/server'],
  commands: ['./src/commands'],
  cli: ['./src/cli.ts'],
};
/** What each layer may not import: everything above it, and its peers unless named. */
const FORBIDDEN = {
  util: ['core', 'descriptor', 'config', 'validate', 'catalog', 'data', 'control', 'scaffold', 'convert', 'server', 'commands', 'cli'],
  core: ['descriptor', 'config', 'validate', 'catalog', 'data', 'control', 'scaffold', 'convert', 'server', 'commands', 'cli'],
  descriptor: ['config', 'validate', 'catalog', 'data', 'control', 'scaffold', 'convert', 'server', 'commands', 'cli'],
  config: ['validate', 'catalog', 'data', 'control', 'scaffold', 'convert', 'server', 'commands', 'cli'],
  validate: ['catalog', 'data', 'control', 'scaffold', 'convert', 'server', 'commands', 'cli'],
  catalog: ['data', 'control', 'scaffold', 'convert', 'server', 'commands', 'cli'],
  data: ['control', 'scaffold', 'convert', 'server', 'commands', 'cli'],
  control: ['scaffold', 'convert', 'server', 'commands', 'cli'],
  scaffold: ['catalog', 'data', 'control', 'convert', 'server', 'commands', 'cli'],
  convert: ['catalog', 'data', 'control', 'scaffold', 'server', 'commands', 'cli'],
  server: ['commands', 'cli'],
  commands: ['cli'],
  cli: [],
};
const zones = Object.entries(FORBIDDEN)
  .filter(([, above]) => above.length > 0)
  .flatMap(([layer, above]) =>
    LAYERS[layer].map((target) => ({
      target,
      from: above.flatMap((name) => LAYERS[name]),
      message: `the ${layer} layer imports only from the layers below it (docs/architecture.md)`,
    })),
  );

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'node_modules/', 'coverage/', 'test-output/', 'bench/.work/', 'templates/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.test.json' })],
    },
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearTimeout: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    // Fixtures and assertions reach into loosely typed values.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['bench/**/*.mjs', 'scripts/**/*.mjs', 'test/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly' } },
  },
);
