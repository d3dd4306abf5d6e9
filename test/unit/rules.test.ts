import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { validProduct, type ProductFixture } from '../support/product.js';
import { check, cleanupAll } from '../support/validate.js';

afterEach(cleanupAll);

function mutate(fn: (p: ProductFixture) => void): ProductFixture {
  const p = validProduct();
  fn(p);
  return p;
}

describe('the baseline fixture', () => {
  it('is clean under the recommended policy', async () => {
    const run = await check(validProduct());
    expect(run.findings).toEqual([]);
    expect(run.summary).toMatchObject({ products: 1, files: 2, errors: 0 });
  });
});

describe('structure rules', () => {
  it('duplicate-keys points at the second key', async () => {
    const text = stringify(validProduct().descriptor).replace('status: active\n', 'status: active\nstatus: draft\n');
    const run = await check(validProduct(), { descriptor: text });
    const f = run.findings.find((x) => x.ruleId === 'duplicate-keys')!;
    expect(f.message).toMatch(/duplicate key `status` \(first on line \d+\)/);
    expect(text.split('\n')[f.line - 1]).toBe('status: draft');
  });

  it('output-port-contract: unknown id with a suggestion, missing contractId; port-contract-version: another version', async () => {
    let run = await check(mutate((p) => (p.descriptor.outputPorts[0].contractId = 'play-events-event')));
    let f = run.findings.find((x) => x.ruleId === 'output-port-contract')!;
    expect(f.message).toMatch(/no contract with id `play-events-event` among the product's \*\.odcs\.yaml files \(dp convention\)$/);
    expect(f.severity).toBe('warning');
    expect(f.hint).toBe('did you mean `play-events-events`?');
    run = await check(mutate((p) => (p.descriptor.outputPorts[0].version = '1.1.0')));
    f = run.findings.find((x) => x.ruleId === 'port-contract-version')!;
    expect(f).toMatchObject({ severity: 'error', message: 'output port `events` is version 1.1.0 but contract `play-events-events` is version 1.0.0' });
    // ODPS writes versions with a `v` (its own examples do): the same version.
    expect((await check(mutate((p) => (p.descriptor.outputPorts[0].version = 'v1.0.0')))).findings).toEqual([]);
    run = await check(mutate((p) => delete p.descriptor.outputPorts[0].contractId));
    expect(run.ids).toContain('output-port-contract');
    expect(run.ids).toContain('contract-unreferenced');
  });

  it('unique-ports allows one name with several versions but not the same name@version twice', async () => {
    const twoVersions = mutate((p) => p.descriptor.inputPorts.push({ ...p.descriptor.inputPorts[0], version: '2.0.0' }));
    expect((await check(twoVersions)).ids).not.toContain('unique-ports');
    const twice = mutate((p) => p.descriptor.inputPorts.push({ ...p.descriptor.inputPorts[0] }));
    const run = await check(twice);
    expect(run.findings.find((f) => f.ruleId === 'unique-ports')?.message).toMatch(/`player-db@1.0.0` is declared twice/);
  });

  it('semver flags non-semantic versions with a hint and a missing product version, and reads `v1.0.0` as ODPS writes it', async () => {
    expect((await check(mutate((p) => (p.descriptor.inputPorts[0].version = 'v1.0.0')))).findings).toEqual([]);
    const run = await check(mutate((p) => (p.descriptor.inputPorts[0].version = '1.0')));
    const f = run.findings.find((x) => x.ruleId === 'semver')!;
    expect(f).toMatchObject({ severity: 'warning', message: '`1.0` is not a semantic version (dp convention)', hint: 'add the patch number: `1.0.0`' });
    expect(await check(mutate((p) => delete p.descriptor.version))).toMatchObject({ ids: expect.arrayContaining(['semver']) });
  });

  it('management-ports names each missing port', async () => {
    const run = await check(mutate((p) => p.descriptor.managementPorts.splice(2, 1)));
    expect(run.findings.filter((f) => f.ruleId === 'management-ports').map((f) => f.message)).toEqual([expect.stringMatching(/no `control` management port/)]);
  });

  it('team-owner requires a current owner', async () => {
    const run = await check(mutate((p) => (p.descriptor.team.members[0].role = 'data steward')));
    expect(run.ids).toContain('team-owner');
    const left = await check(mutate((p) => (p.descriptor.team.members[0].dateOut = '2024-01-01')));
    expect(left.ids).toContain('team-owner');
  });

  it('safe-identifiers refuses path and URL tricks', async () => {
    for (const bad of ['../etc', 'a/b', 'con', 'with space', 'dot.']) {
      const run = await check(mutate((p) => (p.descriptor.outputPorts[0].name = bad)));
      expect(run.ids, bad).toContain('safe-identifiers');
    }
  });

  it('quality-rules checks levels, bounds, arguments and empty queries as ODCS describes them', async () => {
    const run = await check(
      mutate((p) => {
        const table = p.contracts.events.schema[0];
        table.quality.push({ metric: 'nullValues', mustBe: 0 }, { metric: 'duplicateValues', mustBe: 0, arguments: { properties: ['event_id'] } });
        table.properties[0].quality.push({ metric: 'rowCount', mustBeBetween: [10, 1] }, { metric: 'invalidValues', mustBe: 0 });
        table.properties[1].quality = [{ type: 'sql', query: ' ', mustBe: 0 }];
      }),
    );
    const messages = run.findings.filter((f) => f.ruleId === 'quality-rules').map((f) => f.message);
    expect(messages.sort()).toEqual(
      [
        '`invalidValues` needs `arguments.validValues` or `arguments.pattern` to know what is valid',
        "`nullValues` measures one property; move it under that property's quality list",
        "`rowCount` measures a whole object; it belongs in the object's quality list, not a property's",
        'mustBeBetween range is reversed: 10 > 1, so the rule can never pass',
        'sql quality rule has an empty query',
      ].sort(),
    );
  });

  it('quality-rules accepts schema-level duplicateValues over properties, and only so', async () => {
    const over = (args?: Record<string, unknown>) =>
      check(mutate((p) => p.contracts.events.schema[0].quality.push({ metric: 'duplicateValues', mustBe: 0, ...(args ? { arguments: args } : {}) })));
    expect((await over({ properties: ['event_id', 'played_at'] })).findings).toEqual([]);
    const run = await over();
    expect(run.findings.map((f) => f.message)).toEqual([
      'schema-level `duplicateValues` needs `arguments.properties`: the properties whose combination must be unique',
    ]);
  });

  it('sla-properties reads names, synonyms and units as ODCS defines them', async () => {
    const allowed = await check(
      mutate((p) => {
        p.contracts.events.slaProperties = [
          { property: 'Retention', value: 1, unit: 'y' },
          { property: 'ly', value: '500ms' },
          { property: 'freshness', value: 1, unit: 'h', element: 'played_at' },
          { property: 'fy', value: 'daily', element: 'play_events.played_at, play_events.event_id' },
          { property: 'dataSteward', value: 'ana@example.com' },
          { property: 'availability', value: '99.9%' },
        ];
      }),
    );
    expect(allowed.findings).toEqual([]);
    const run = await check(
      mutate((p) => {
        p.contracts.events.slaProperties.push({ property: 'retension', value: 1, unit: 'y' });
        p.contracts.events.slaProperties[1] = { property: 'latency', value: 4, unit: 'fortnights' };
        p.contracts.events.slaProperties.push({ property: 'generalAvailability', value: '2030-01-01' }, { property: 'el', value: '2029-01-01' });
        p.contracts.events.slaProperties[2].element = 'play_events.playd_at';
      }),
    );
    expect(run.findings.find((f) => f.ruleId === 'sla-property-names')).toMatchObject({
      severity: 'warning',
      hint: expect.stringMatching(/^did you mean `retention`\?/),
    });
    const sla = run.findings.filter((f) => f.ruleId === 'sla-properties');
    expect(sla.map((f) => f.message)).toEqual([
      '`latency` must be a duration, got 4 fortnights',
      "SLA element `play_events.playd_at` is not in the contract's schema",
      '`el` (endOfLife) is before `generalAvailability`',
    ]);
  });
});

describe('policy rules', () => {
  it('sla-required-properties requires retention and latency or frequency', async () => {
    const run = await check(mutate((p) => (p.contracts.events.slaProperties = [{ property: 'retention', value: 1, unit: 'y' }])));
    expect(run.findings.find((f) => f.ruleId === 'sla-required-properties')?.message).toMatch(/`latency` or `frequency`/);
  });

  it('personal-data-classification flags personal-looking fields without classification or classified public', async () => {
    const run = await check(
      mutate((p) => {
        const props = p.contracts.events.schema[0].properties;
        delete props[1].classification;
        props.push({ name: 'phoneNumber', logicalType: 'string', classification: 'public' }, { name: 'product_name', logicalType: 'string' });
      }),
    );
    const messages = run.findings.filter((f) => f.ruleId === 'personal-data-classification').map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/listener_email/);
    expect(messages[1]).toMatch(/phoneNumber.*public/);
  });

  it('naming-pattern, restricted-retention and support-channel; allowed-server-types only when the organisation lists types', async () => {
    const product = mutate((p) => {
      p.contracts.events.servers[0] = { server: 'laptop', type: 'local', path: '/tmp/x', format: 'csv' };
      p.descriptor.id = 'PlayEvents';
      p.contracts.events.slaProperties[0] = { property: 'retention', value: 5, unit: 'y' };
      delete p.descriptor.support;
    });
    const run = await check(product);
    expect(run.findings.map((f) => [f.ruleId, f.severity]).sort()).toEqual([
      ['naming-pattern', 'warning'],
      ['restricted-retention', 'error'],
      ['support-channel', 'warning'],
    ]);
    expect(run.findings.find((f) => f.ruleId === 'naming-pattern')?.hint).toBe('for example `playevents`');
    expect(run.findings.find((f) => f.ruleId === 'restricted-retention')?.message).toBe(
      'retention of 5 years exceeds the 2 years allowed for restricted data (field `play_events.listener_email`) (organisation policy)',
    );
    const policies = join(run.dir, 'servers.yaml');
    writeFileSync(policies, stringify({ rules: { 'allowed-server-types': { types: ['snowflake', 's3'] } } }));
    const restricted = await check(product, {}, { policies });
    // A server without a development environment: local files are for development servers only.
    expect(restricted.findings.find((f) => f.ruleId === 'allowed-server-types')).toMatchObject({
      severity: 'error',
      message: 'server type `local` is allowed only on development servers (organisation policy)',
      hint: expect.stringMatching(/^give the server `environment: dev`/),
    });
  });

  it('allowed-server-types, when the organisation lists types, still lets development servers read local files, never production ones', async () => {
    const sample = { server: 'local', type: 'local', environment: 'dev', path: '../data/sample/events.csv', format: 'csv' };
    const withServers = (...servers: Record<string, unknown>[]) => mutate((p) => p.contracts.events.servers.push(...servers));
    const unrestricted = await check(withServers(sample, { ...sample, server: 'files', environment: 'prod' }));
    expect(unrestricted.ids).not.toContain('allowed-server-types');
    const policies = join(unrestricted.dir, 'servers.yaml');
    writeFileSync(policies, stringify({ rules: { 'allowed-server-types': { types: ['snowflake', 's3'] } } }));
    const types = async (product: ProductFixture) => (await check(product, {}, { policies })).findings.filter((x) => x.ruleId === 'allowed-server-types');
    expect(await types(withServers(sample, { ...sample, server: 'ci', environment: 'Test' }))).toEqual([]);
    expect(await types(withServers({ ...sample, server: 'files', environment: 'prod' }))).toMatchObject([
      {
        message: 'server type `local` is allowed only on development servers (organisation policy)',
        hint: 'give the server `environment: dev` (development environments: dev, development, local, test)',
      },
    ]);
    expect(await types(withServers({ ...sample, environment: undefined }))).toMatchObject([{ message: expect.stringMatching(/only on development servers/) }]);
    expect(await types(withServers({ server: 'lake', type: 'custom', environment: 'dev' }))).toMatchObject([
      { hint: 'supported: snowflake, s3; on development servers also local' },
    ]);
    const strictOrg = join(unrestricted.dir, 'strict.yaml');
    writeFileSync(
      strictOrg,
      stringify({ rules: { 'allowed-server-types': { types: ['snowflake'], developmentTypes: ['duckdb'], developmentEnvironments: ['sandbox'] } } }),
    );
    const run = await check(
      withServers(sample, { ...sample, server: 'box', type: 'duckdb', environment: 'sandbox', database: 'x.duckdb' }),
      {},
      { policies: strictOrg },
    );
    // Snowflake for every server, DuckDB on sandbox servers only; local files nowhere, not even on `dev`.
    expect(run.findings.filter((x) => x.ruleId === 'allowed-server-types').map((x) => x.message)).toEqual([
      'server type `local` is not one the platform supports (organisation policy)',
    ]);
  });

  it('a policy file turns rules off, changes severities and sets options, with overrides per glob', async () => {
    const product = mutate((p) => {
      p.contracts.events.servers[0] = { server: 'laptop', type: 'local', path: '/tmp/x', format: 'csv' };
      delete p.descriptor.support;
    });
    const first = await check(product);
    const policies = join(first.dir, 'policies.yaml');
    writeFileSync(
      policies,
      stringify({
        rules: { 'support-channel': 'warning', 'allowed-server-types': { types: ['local'] }, 'restricted-retention': { maxDays: 30 } },
        overrides: [{ files: ['contracts/**'], rules: { 'restricted-retention': 'off' } }],
      }),
    );
    const run = await check(product, {}, { policies });
    expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([['support-channel', 'warning']]);
  });
});

describe('suppressions', () => {
  it('suppress with a reason; refuse without; report unknown and unused ones', async () => {
    const p = mutate((x) => delete x.descriptor.support);
    const base = stringify(p.descriptor);
    const withReason = `# dp-disable-file support-channel -- support is the platform team's shared channel\n${base}`;
    let run = await check(p, { descriptor: withReason });
    expect(run.findings).toEqual([]);
    expect(run.summary.suppressed).toBe(1);
    run = await check(p, { descriptor: `# dp-disable-file support-channel\n${base}` });
    expect(run.ids.sort()).toEqual(['support-channel', 'suppression-missing-reason']);
    run = await check(p, { descriptor: `# dp-disable-file support-chanel -- typo\n${base}` });
    expect(run.findings.find((f) => f.ruleId === 'suppression-invalid')?.hint).toBe('did you mean `support-channel`?');
    run = await check(validProduct(), { descriptor: `# dp-disable-next-line team-owner -- not needed\n${stringify(validProduct().descriptor)}` });
    expect(run.ids).toEqual(['suppression-unused']);
  });

  it('dp-disable-next-line covers only the next line', async () => {
    const p = mutate((x) => (x.descriptor.inputPorts[0].name = 'Player_DB'));
    const text = stringify(p.descriptor).replace(
      '  - name: Player_DB\n',
      '  # dp-disable-next-line naming-pattern -- legacy port name, consumers depend on it\n  - name: Player_DB\n',
    );
    expect(text).toContain('dp-disable-next-line');
    const run = await check(p, { descriptor: text });
    expect(run.findings).toEqual([]);
    const elsewhere = await check(p, { descriptor: `# dp-disable-next-line naming-pattern -- wrong line\n${stringify(p.descriptor)}` });
    expect(elsewhere.ids.sort()).toEqual(['naming-pattern', 'suppression-unused']);
  });
});
