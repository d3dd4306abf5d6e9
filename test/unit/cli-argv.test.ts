/**
 * The argv contract as a table: for each command line, the command that runs
 * and the options and arguments it receives (the command functions are not
 * loaded: the table checks commander's parsing, defaults, choices and
 * environment variables). A refused command line is exit 2 with a message.
 */
import { describe, expect, it } from 'vitest';
import { buildProgram, type Invocation } from '../../src/cli.js';

function parse(args: string[], env: Record<string, string> = {}): Pick<Invocation, 'path' | 'options' | 'positionals'> & { globals: Invocation['globals'] } {
  let seen: Invocation | undefined;
  const errors: string[] = [];
  const program = buildProgram(
    async (invocation) => {
      seen = invocation;
    },
    { out: () => undefined, err: (text) => errors.push(text) },
  );
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    program.parse(['node', 'dp', ...args]);
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
  }
  if (!seen) throw new Error(`no command ran: ${errors.join('')}`);
  return { path: seen.path, options: seen.options, positionals: seen.positionals, globals: seen.globals };
}

const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  bodyLimit: 1048576,
  cache: true,
  cacheSize: 256,
  warm: true,
  workers: 1,
  headerTimeout: 10,
  bodyTimeout: 30,
  idleTimeout: 30,
  requestTimeout: 120,
  maxConnections: 1000,
};

const TABLE: Array<{ args: string[]; env?: Record<string, string>; path: string[]; options: Record<string, unknown>; positionals?: unknown[] }> = [
  { args: ['validate'], path: ['validate'], options: { failSeverity: 'error' }, positionals: [[]] },
  {
    args: [
      'validate',
      'a/',
      'b/',
      '-f',
      'sarif',
      '-f',
      'junit',
      '-o',
      'x.sarif',
      '-o',
      '-',
      '--fail-severity',
      'warning',
      '--jobs',
      '4',
      '--follow-external-links',
    ],
    path: ['validate'],
    options: { format: ['sarif', 'junit'], output: ['x.sarif', '-'], failSeverity: 'warning', jobs: 4, followExternalLinks: true },
    positionals: [['a/', 'b/']],
  },
  {
    args: ['validate', '--policies', 'p.yaml', '--config', 'c.yaml'],
    path: ['validate'],
    options: { policies: 'p.yaml', config: 'c.yaml', failSeverity: 'error' },
    positionals: [[]],
  },
  {
    args: [
      'init',
      'here',
      '--name',
      'play-events',
      '--domain',
      'player',
      '--owner',
      'ana@example.com',
      '--archetype',
      'aggregate',
      '--output',
      'a:table',
      '--output',
      'b:stream',
      '--input',
      'x:cdc',
      '--set',
      'k=v',
      '--yes',
      '--dry-run',
    ],
    path: ['init'],
    options: {
      name: 'play-events',
      domain: 'player',
      owner: 'ana@example.com',
      archetype: 'aggregate',
      output: ['a:table', 'b:stream'],
      input: ['x:cdc'],
      set: ['k=v'],
      yes: true,
      dryRun: true,
    },
    positionals: ['here'],
  },
  { args: ['init', '--list-templates'], path: ['init'], options: { listTemplates: true }, positionals: [undefined] },
  {
    args: ['convert', 'in/', '-o', 'out/', '--strict', '--unmapped', 'drop'],
    path: ['convert'],
    options: { output: 'out/', strict: true, unmapped: 'drop' },
    positionals: [['in/']],
  },
  {
    args: ['convert', 'c.yaml', '--in-place', '--dry-run'],
    path: ['convert'],
    options: { inPlace: true, dryRun: true, unmapped: 'custom-properties' },
    positionals: [['c.yaml']],
  },
  { args: ['rules'], path: ['rules'], options: {}, positionals: [] },
  { args: ['test'], path: ['test'], options: { samples: 5, timeout: '10m', jobs: 4 }, positionals: [[]] },
  {
    args: [
      'test',
      'p/',
      '--server',
      'local',
      '--port',
      'events',
      '--checks',
      'quality,sla',
      '--since',
      '24h',
      '-f',
      'junit',
      '-o',
      'x.xml',
      '--samples',
      '0',
      '--show-restricted',
      '--jobs',
      '2',
    ],
    path: ['test'],
    options: {
      server: 'local',
      port: 'events',
      checks: 'quality,sla',
      since: '24h',
      format: ['junit'],
      output: ['x.xml'],
      samples: 0,
      showRestricted: true,
      timeout: '10m',
      jobs: 2,
    },
    positionals: [['p/']],
  },
  {
    args: ['test', '--publish', '--catalog', 'c.db', '--since', 'last', '--publisher', 'ci'],
    path: ['test'],
    options: { publish: true, catalog: 'c.db', since: 'last', publisher: 'ci', samples: 5, timeout: '10m', jobs: 4 },
    positionals: [[]],
  },
  {
    args: ['test', '--publish'],
    env: { DP_CATALOG: 'https://catalog.example.com' },
    path: ['test'],
    options: { publish: true, catalog: 'https://catalog.example.com', samples: 5, timeout: '10m', jobs: 4 },
    positionals: [[]],
  },
  { args: ['publish'], path: ['publish'], options: {}, positionals: [[]] },
  {
    args: ['publish', 'p/', '--catalog', 'c.db', '--dry-run', '--publisher', 'ana', '--transfer-ownership'],
    path: ['publish'],
    options: { catalog: 'c.db', dryRun: true, publisher: 'ana', transferOwnership: true },
    positionals: [['p/']],
  },
  { args: ['publish'], env: { DP_CATALOG: 'postgres://db/cat' }, path: ['publish'], options: { catalog: 'postgres://db/cat' }, positionals: [[]] },
  { args: ['diff', 'a@1.0.0', 'b/'], path: ['diff'], options: {}, positionals: ['a@1.0.0', 'b/'] },
  { args: ['catalog', 'list', '--domain', 'player', '--limit', '5'], path: ['catalog', 'list'], options: { domain: 'player', limit: 5 } },
  { args: ['catalog', 'list'], path: ['catalog', 'list'], options: { limit: 1000 } },
  {
    args: ['catalog', 'search', 'play', 'events', '--team', 't'],
    path: ['catalog', 'search'],
    options: { team: 't', limit: 50 },
    positionals: [['play', 'events']],
  },
  { args: ['catalog', 'show', 'p@1.0.0'], path: ['catalog', 'show'], options: {}, positionals: ['p@1.0.0'] },
  { args: ['catalog', 'versions', 'p', '--changes'], path: ['catalog', 'versions'], options: { changes: true }, positionals: ['p'] },
  { args: ['catalog', 'graph'], path: ['catalog', 'graph'], options: { format: 'mermaid' } },
  {
    args: ['catalog', 'graph', '--format', 'dot', '--around', 'p', '--depth', '2'],
    path: ['catalog', 'graph'],
    options: { format: 'dot', around: 'p', depth: 2 },
  },
  { args: ['catalog', 'consumers', 'p:events'], path: ['catalog', 'consumers'], options: {}, positionals: ['p:events'] },
  { args: ['catalog', 'serve'], path: ['catalog', 'serve'], options: SERVE_DEFAULTS },
  {
    args: [
      'catalog',
      'serve',
      '--catalog',
      'postgres://db/c',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--auth-reads',
      '--no-cache',
      '--no-warm',
      '--cache-size',
      '64',
      '--workers',
      '2',
      '--quiet',
      '--request-timeout',
      '60',
      '--max-connections',
      '256',
    ],
    path: ['catalog', 'serve'],
    options: {
      ...SERVE_DEFAULTS,
      catalog: 'postgres://db/c',
      host: '0.0.0.0',
      port: 0,
      authReads: true,
      cache: false,
      warm: false,
      cacheSize: 64,
      workers: 2,
      quiet: true,
      requestTimeout: 60,
      maxConnections: 256,
    },
  },
  { args: ['catalog', 'doctor', '--catalog', 'c.db'], path: ['catalog', 'doctor'], options: { catalog: 'c.db' } },
  {
    args: ['catalog', 'token', 'create', '--team', 'player-team', '--description', 'CI'],
    path: ['catalog', 'token', 'create'],
    options: { team: 'player-team', description: 'CI' },
  },
  { args: ['catalog', 'token', 'create', '--admin'], path: ['catalog', 'token', 'create'], options: { admin: true } },
  { args: ['catalog', 'token', 'list', '--all'], path: ['catalog', 'token', 'list'], options: { all: true } },
  { args: ['catalog', 'token', 'revoke', 'abc'], path: ['catalog', 'token', 'revoke'], options: {}, positionals: ['abc'] },
];

describe('the argv contract', () => {
  it.each(TABLE.map((row) => [row.args.join(' '), row] as const))('dp %s', (_name, row) => {
    const got = parse(row.args, row.env);
    expect(got.path).toEqual(row.path);
    expect(got.options).toEqual(row.options);
    expect(got.positionals).toEqual(row.positionals ?? []);
  });

  it('hands the global flags to every command, wherever they stand', () => {
    expect(parse(['--json', 'rules']).globals).toMatchObject({ json: true });
    expect(parse(['catalog', 'list', '--json', '--debug', '--no-color']).globals).toMatchObject({ json: true, debug: true, color: false });
    expect(parse(['validate']).globals).toMatchObject({ color: true });
  });

  it.each([
    [['validate', '--format', 'html'], /Allowed choices are stylish, json, junit, sarif, github/],
    [['validate', '--jobs', '0'], /--jobs must be an integer from 1 to 64/],
    [['init', '--archetype', 'other'], /argument 'other' is invalid/],
    [['init', '--dry-run', '--git'], /cannot be used with option '--git'/],
    [['convert', '--in-place', '--output', 'x'], /cannot be used with option '--in-place'/],
    [['catalog', 'serve', '--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['catalog', 'token', 'create', '--team', 't', '--admin'], /cannot be used with option '--admin'/],
    [['diff', 'only-one'], /missing required argument 'b'/],
    [['nope'], /unknown command 'nope'/],
  ])('refuses dp %j', (args, message) => {
    expect(() => parse(args)).toThrow(message);
  });
});
