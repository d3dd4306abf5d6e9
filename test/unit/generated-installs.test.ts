/**
 * Nothing dp generates installs or runs another author's package: every file of every
 * archetype with every output kind is scanned for npm/npx/pnpm/yarn/bun installs, and each
 * names dp's own package (dp-cli), pinned to the version that generated it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolvePack } from '../../src/scaffold/pack-list.js';
import { render } from '../../src/scaffold/render.js';
import { installSpec } from '../../src/scaffold/generators/ci-workflow.js';
import { DP_PACKAGE } from '../../src/version.js';
import { installCommands } from '../support/installs.js';

const cwd = process.cwd();
const ARCHETYPES = ['source-aligned', 'aggregate', 'consumer-aligned'];
const KINDS = ['table', 'files', 'stream', 'api'];

function answers(kind: string, archetype: string): Record<string, unknown> {
  const inputs =
    archetype === 'source-aligned' ? [{ name: 'db', kind: 'cdc', ref: 'public.plays' }] : [{ name: 'plays', kind: 'product', ref: 'play-events.events' }];
  return {
    name: 'play-events',
    title: 'Play Events',
    domain: 'player',
    owner: 'ana@example.com',
    team: 'player-team',
    description: 'Every play.',
    outputs: [{ name: 'shared', kind }],
    inputs,
    version: '0.1.0',
    status: 'draft',
    warehouse: 'snowflake',
    retentionDays: 365,
    supportChannel: '#play-events',
    supportUrl: 'https://chat.example.com/c/play-events',
    supportTool: 'slack',
    platformUrl: 'https://data.example.com',
  };
}

describe('the install scanner', () => {
  it('finds the packages of every kind of install or run command', () => {
    const text = [
      'run: npm install --global dp@^0.1.0',
      'npm i -g @scope/tool@1 other',
      'npx --yes cowsay hello',
      'npx -p dp-cli dp validate',
      'pnpm dlx create-thing',
      'yarn global add left-pad',
      'yarn dlx some-runner --flag',
      'bunx thing && npm ci',
      'npm exec --package=exec-pkg -- exec-pkg',
      'npm install \\',
      '  --global continued@2',
    ].join('\n');
    expect(installCommands(text).map((c) => c.packages)).toEqual([
      ['dp'],
      ['@scope/tool', 'other'],
      ['cowsay'],
      ['dp-cli'],
      ['create-thing'],
      ['left-pad'],
      ['some-runner'],
      ['thing'],
      ['exec-pkg'],
      ['continued'],
    ]);
    expect(installCommands('npm ci\nnpm run build\n# npm install in a comment')).toEqual([]);
  });
});

describe('generated files install only dp-cli', () => {
  it('dp is published as dp-cli', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).name).toBe(DP_PACKAGE);
    expect(DP_PACKAGE).toBe('dp-cli');
  });

  it('pins the version that generated the workflow: the minor for 0.x, the major after, exactly for a pre-release', () => {
    expect(installSpec('0.1.0')).toBe('dp-cli@~0.1');
    expect(installSpec('0.4.7')).toBe('dp-cli@~0.4');
    expect(installSpec('1.2.3')).toBe('dp-cli@^1');
    expect(installSpec('3.0.0')).toBe('dp-cli@^3');
    expect(installSpec('2.0.0-rc.1')).toBe('dp-cli@2.0.0-rc.1');
  });

  for (const archetype of ARCHETYPES) {
    it.each(KINDS)(`${archetype} with a %s output port`, (kind) => {
      const files = render(resolvePack(cwd, archetype), answers(kind, archetype), { dpVersion: '0.1.0', date: '2025-01-31' });
      const found = [...files].flatMap(([path, text]) => installCommands(text).map((c) => ({ path, ...c })));
      for (const c of found) {
        expect(c.packages, `${c.path}:${c.line}: ${c.command}`).toEqual([DP_PACKAGE]);
        expect(c.specs, `${c.path}:${c.line}`).toEqual(['dp-cli@~0.1']);
      }
      // The CI workflow is generated for every product, and it installs dp.
      expect(found.map((c) => c.path)).toContain('.github/workflows/dp-validate.yaml');
    });
  }
});
