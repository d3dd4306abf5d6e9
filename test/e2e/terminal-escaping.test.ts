/**
 * A publisher cannot drive a reader's terminal: control characters published in names,
 * descriptions, field names, team, domain, tags and the publisher itself come out escaped
 * from every catalog read command, dp diff, dp publish and dp validate, through the built bin.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, type CliResult } from '../support/cli.js';
import { clone, listenerProduct, playerProduct } from '../support/catalog.js';
import { tempDir, writeProduct } from '../support/product.js';

const ESC = '\u001b';
const EVIL = `${ESC}[2J${ESC}[H${ESC}]0;pwned\u0007\u009b1mFAKE\r\u202e`;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let root: string;
let cleanup: () => void;
const env = () => ({ DP_CATALOG: join(root, 'catalog.db'), DP_PUBLISHER: `ci${EVIL}@example.com` });
const run = (...args: string[]): CliResult => dp(args, { cwd: root, env: env() });

function expectEscaped(r: CliResult): void {
  expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  expect(r.stdout + r.stderr).toContain('\\x1b[2J');
}

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-terminal-'));
  // Without the organisation policies, domains are free text too.
  writeFileSync(join(root, 'dp.config.yaml'), 'policies:\n  extends: minimal\n');
  const player = playerProduct();
  player.descriptor.domain = `player${EVIL}`;
  player.contracts.events.schema[0].properties.push({ name: `f${EVIL}`, logicalType: 'string', physicalType: 'varchar(3)', description: 'Hostile.' });
  player.descriptor.name = `Play${EVIL}`;
  player.descriptor.description.purpose = `Plays${EVIL}`;
  player.descriptor.tags = ['player', `t${EVIL}`];
  player.contracts.events.schema[0].properties[2].description = `When${EVIL}`;
  writeProduct(join(root, 'mesh/play-events'), player);
  const listener = listenerProduct();
  listener.descriptor.name = `Sessions${EVIL}`;
  writeProduct(join(root, 'mesh/listener-sessions'), listener);
  const next = clone(player);
  next.descriptor.version = '2.0.0';
  next.contracts.events.schema[0].properties.pop();
  writeProduct(join(root, 'next/play-events'), next);
  const published = run('publish', 'mesh');
  expect(published.code, published.stderr).toBe(0);
  expect(run('publish', 'next').code).toBe(0);
});
afterAll(() => cleanup());

describe('catalog text reaches the terminal escaped', () => {
  it.each([
    ['list', ['catalog', 'list']],
    ['search', ['catalog', 'search', 'plays']],
    ['show', ['catalog', 'show', 'play-events@1.0.0']],
    ['versions', ['catalog', 'versions', 'play-events', '--changes']],
    ['consumers', ['catalog', 'consumers', 'play-events']],
    ['graph (mermaid)', ['catalog', 'graph']],
    ['graph (dot)', ['catalog', 'graph', '--format', 'dot']],
    ['diff', ['diff', 'play-events@1.0.0', 'play-events@2.0.0']],
  ])('dp catalog %s', (_, args) => {
    const r = run(...args);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    // Consumers show only ids and port names, which safe-identifiers keeps plain.
    if (args[1] !== 'consumers') expect(r.stdout).toContain('\\x1b[2J');
  });

  it('dp publish: a refusal naming the publisher of the version already there', () => {
    const changed = playerProduct();
    changed.descriptor.description.usage = 'Other usage.';
    writeProduct(join(root, 'changed/play-events'), changed);
    const r = run('publish', 'changed');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('already published with different content (by ci\\x1b[2J');
    expectEscaped(r);
  });

  it('dp validate echoes document content escaped (stylish and github)', () => {
    const bad = playerProduct();
    bad.descriptor[`x${EVIL}`] = 1;
    writeProduct(join(root, 'bad/play-events'), bad);
    for (const format of ['stylish', 'github']) {
      const r = run('validate', 'bad', '--format', format);
      expect(r.code).toBe(1);
      expectEscaped(r);
    }
  });
});
