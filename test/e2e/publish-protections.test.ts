/**
 * What a publisher cannot get past dp publish, through the built bin: suppressions of
 * versioning rules (whatever the policy allows dp validate), and a new product whose id
 * imitates an existing one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp } from '../support/cli.js';
import { clone, playerProduct } from '../support/catalog.js';
import { tempDir, writeProduct } from '../support/product.js';

let root: string;
let cleanup: () => void;
const run = (...args: string[]) => dp(args, { cwd: root, env: { DP_CATALOG: join(root, 'catalog.db'), DP_PUBLISHER: 'ci@example.com' } });

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-protect-'));
  // The organisation lets teams suppress sla-properties in dp validate (during a migration, say).
  writeFileSync(join(root, 'dp.config.yaml'), 'policies:\n  suppressions:\n    allow: [sla-properties, naming-pattern, support-channel]\n');
  writeProduct(join(root, 'mesh/play-events'), playerProduct());
  expect(run('publish', 'mesh').code).toBe(0);
});
afterAll(() => cleanup());

describe('dp publish', () => {
  it('never honours a suppression of a versioning rule, even one the policy allows in dp validate', () => {
    const next = clone(playerProduct());
    next.descriptor.version = '1.1.0';
    next.contracts.events.slaProperties[0] = { property: 'retention', value: 'forever-ish', unit: 'd' };
    const text = `# dp-disable-file sla-properties -- retention is being reworked\n${stringify(next.contracts.events)}`;
    writeProduct(join(root, 'next/play-events'), next, { contracts: { events: text } });
    expect(run('validate', 'next').code).toBe(0);
    const r = run('publish', 'next');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dp-disable-file sla-properties: `sla-properties` is never suppressed in a published version');
    expect(r.stdout).toMatch(/sla-properties\n/);
    expect(JSON.parse(run('catalog', 'versions', 'play-events', '--json').stdout).versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0']);
  });

  it('refuses a new product whose id only differs by case or look-alike letters from an existing one', () => {
    for (const [dir, id] of [
      ['twin', 'Play-Events'],
      ['cyrillic', 'plаy-events'],
    ]) {
      const p = clone(playerProduct());
      p.descriptor.id = id;
      writeProduct(join(root, dir, 'p'), p);
    }
    // Upper case fails naming-pattern in the default policy; an organisation may turn that off.
    writeFileSync(join(root, 'twin/dp.config.yaml'), 'policies:\n  rules:\n    naming-pattern: off\n');
    const twin = run('publish', 'twin');
    expect(twin.code).toBe(1);
    expect(twin.stdout).toContain('refused Play-Events@1.0.0');
    expect(twin.stdout).toContain('its id differs from the product `play-events` only by case or look-alike characters');
    // The Cyrillic id fails safe-identifiers first; with that rule off in the policy, the catalog still refuses it.
    writeFileSync(join(root, 'cyrillic/dp.config.yaml'), 'policies:\n  rules:\n    safe-identifiers: off\n    naming-pattern: off\n');
    const cyrillic = run('publish', 'cyrillic');
    expect(cyrillic.code).toBe(1);
    expect(cyrillic.stdout).toContain('plаy-events: its id differs from the product `play-events`');
    expect(JSON.parse(run('catalog', 'list', '--json').stdout).items.map((p: { id: string }) => p.id)).toEqual(['play-events']);
  });
});
