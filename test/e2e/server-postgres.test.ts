/**
 * The catalog server on PostgreSQL: two server processes on one database are
 * one catalog (publish through one, read through the other, caches included),
 * concurrent publishers through both lose no version, and a database that
 * goes away turns readiness and reads into 503.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clone, playerProduct } from '../support/catalog.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/product.js';
import { stringify } from 'yaml';
import { api, createToken, dpWithToken, startServer, writeMesh, type RunningServer } from './server-harness.js';

const mode = pgSuiteMode();

describe.runIf(mode.failReason)('catalog server on PostgreSQL', () => {
  it('needs PostgreSQL under CI', () => {
    throw new Error(mode.failReason);
  });
});

function offer(id: string, version: string) {
  const p = clone(playerProduct());
  p.descriptor.id = id;
  p.descriptor.version = version;
  return {
    candidates: [
      {
        source: id,
        documents: {
          descriptor: { file: 'dataproduct.odps.yaml', text: stringify(p.descriptor) },
          contracts: [{ file: 'contracts/events.odcs.yaml', text: stringify(p.contracts.events) }],
        },
      },
    ],
  };
}

describe.runIf(mode.run)('catalog server on PostgreSQL', () => {
  let pg: TestPostgres;
  let root: string;
  let cleanup: () => void;
  let a: RunningServer;
  let b: RunningServer;
  let token: string;

  beforeAll(async () => {
    pg = await startPostgres();
    ({ dir: root, cleanup } = tempDir('dp-e2e-server-pg-'));
    writeMesh(root);
    ({ token } = createToken(pg.url, root, { team: 'player-team' }));
    [a, b] = await Promise.all([startServer(pg.url, root, ['--quiet']), startServer(pg.url, root, ['--quiet'])]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await pg?.stop();
    cleanup?.();
  });

  it('publishes through one server and reads through the other', async () => {
    const admin = createToken(pg.url, root, { admin: true }).token;
    expect(await b.stop()).toBe(0);
    b = await startServer(pg.url, root, ['--quiet']);
    expect((await fetch(`${b.url}/products/listener-sessions`)).status).toBe(404);
    const r = dpWithToken(['publish', 'mesh', '--catalog', a.url], root, admin);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await api(b.url, '/api/products')).body.total).toBe(3);
    const page = await fetch(`${b.url}/products/listener-sessions`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Listening sessions aggregated from play events.');
    const consumers = await api(b.url, '/api/products/play-events/consumers');
    expect(consumers.body.items.map((e: { to: { product: string } }) => e.to.product)).toEqual(['listener-sessions']);
  });

  it('refuses a breaking change through the other server, naming the consumer', async () => {
    const p = clone(playerProduct());
    p.descriptor.version = '1.1.0';
    p.contracts.events.schema[0].properties.pop();
    const body = {
      candidates: [
        {
          documents: {
            descriptor: { file: 'dataproduct.odps.yaml', text: stringify(p.descriptor) },
            contracts: [{ file: 'contracts/events.odcs.yaml', text: stringify(p.contracts.events) }],
          },
        },
      ],
    };
    const refused = await api(b.url, '/api/publish', { token, body });
    expect(refused.status).toBe(422);
    expect(refused.body.error.outcomes[0].affectedConsumers[0].to.product).toBe('listener-sessions');
  });

  it('20 concurrent publishers through both servers: no error, no lost or duplicated version', async () => {
    const distinct = Array.from({ length: 20 }, (_, i) => api(i % 2 ? a.url : b.url, '/api/publish', { token, body: offer(`load-${i}`, '1.0.0') }));
    const answers = await Promise.all(distinct);
    expect(answers.map((x) => x.status)).toEqual(new Array(20).fill(200));
    const same = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api(i % 2 ? a.url : b.url, '/api/publish', { token, body: offer('contended', `1.0.${i}`) })),
    );
    // Each is published, refused as not newer than what won (422), or, overtaken round after round, told to try again (409).
    const others = same.filter((x) => ![200, 409, 422].includes(x.status));
    expect(
      others.map((x) => x.status),
      JSON.stringify(others.map((x) => x.body)),
    ).toEqual([]);
    const accepted = same.filter((x) => x.status === 200).map((x) => x.body.outcomes[0].version);
    const refusedCodes = same.filter((x) => x.status === 422).map((x) => x.body.error.outcomes[0].refusals[0].code);
    expect(new Set(refusedCodes)).toEqual(new Set(refusedCodes.length ? ['version-not-greater'] : []));
    expect(
      same
        .filter((x) => x.status === 409)
        .map((x) => x.body.error.outcomes[0].refusals[0].code)
        .every((c: string) => c === 'conflict'),
    ).toBe(true);
    const stored = (await api(a.url, '/api/products/contended/versions')).body.items.map((v: { version: string }) => v.version);
    expect([...stored].sort()).toEqual([...accepted].sort());
    for (let i = 0; i < 20; i += 1) expect((await api(b.url, `/api/products/load-${i}/versions`)).body.items).toHaveLength(1);
  });

  it('answers 503 on readiness and reads when the database is gone, and still shuts down cleanly', async () => {
    await pg.stop();
    const ready = await api(a.url, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe('unavailable');
    const read = await api(a.url, '/api/products?q=nothing-cached');
    expect(read.status).toBe(503);
    expect(await a.stop()).toBe(0);
    const offline = dpWithToken(['publish', join(root, 'mesh/play-events'), '--catalog', b.url], root, token);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(/failed \(HTTP 503\)|not reachable/);
  });
});
