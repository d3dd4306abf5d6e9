/**
 * A PostgreSQL catalog run with least privilege, as docs/security.md advises:
 * one role owns the schema (it creates and upgrades it), servers and CI use a
 * role with the grants below and no ownership. That role publishes and serves,
 * and cannot drop the triggers that keep versions immutable and owners recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp } from '../support/cli.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/product.js';
import { api, createToken, dpWithToken, playerOffer, startServer, writeMesh } from './server-harness.js';

const mode = pgSuiteMode();

/** The grants of docs/security.md (Server operators), for a role that uses a catalog it does not own. */
const APP_GRANTS = [
  'GRANT USAGE ON SCHEMA dp_catalog TO dp_app',
  'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA dp_catalog TO dp_app',
  'GRANT USAGE ON ALL SEQUENCES IN SCHEMA dp_catalog TO dp_app',
];

describe.runIf(mode.failReason)('PostgreSQL roles', () => {
  it('needs PostgreSQL under CI', () => {
    throw new Error(mode.failReason);
  });
});

describe.runIf(mode.run)('a PostgreSQL catalog used by a role that does not own it', () => {
  let pg: TestPostgres;
  let root: string;
  let cleanup: () => void;
  let owner: string;
  let app: string;

  const as = (url: string, role: string) => {
    const u = new URL(url);
    u.username = role;
    return u.toString();
  };

  async function sql(url: string, statements: string[]): Promise<void> {
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    pg = await startPostgres();
    ({ dir: root, cleanup } = tempDir('dp-e2e-pg-roles-'));
    writeMesh(root);
    const database = await pg.newDatabase();
    await sql(pg.url, ['CREATE ROLE dp_owner LOGIN', 'CREATE ROLE dp_app LOGIN', `ALTER DATABASE ${new URL(database).pathname.slice(1)} OWNER TO dp_owner`]);
    owner = as(database, 'dp_owner');
    app = as(database, 'dp_app');
    // The owner creates the schema (first use), then grants the application role what it needs.
    expect(dp(['catalog', 'list', '--catalog', owner], { cwd: root }).code).toBe(0);
    await sql(owner, APP_GRANTS);
  });
  afterAll(async () => {
    await pg?.stop();
    cleanup?.();
  });

  it('publishes locally and through a server, and cannot drop the triggers or move a product to another team', async () => {
    const published = dp(['publish', 'mesh', '--catalog', app], { cwd: root });
    expect(published.code, published.stderr).toBe(0);
    const token = createToken(app, root, { team: 'player-team' }).token;
    const server = await startServer(app, root, ['--quiet']);
    try {
      expect((await api(server.url, '/api/publish', { token, body: playerOffer((p) => (p.descriptor.version = '1.0.1')) })).status).toBe(200);
      expect((await api(server.url, '/api/products/play-events')).body.version).toBe('1.0.1');
    } finally {
      await server.stop();
    }
    await expect(sql(app, ['DROP TRIGGER products_change_owner_by_transfer ON dp_catalog.products'])).rejects.toThrow(/must be owner/);
    await expect(sql(app, ['DROP TRIGGER versions_are_immutable ON dp_catalog.versions'])).rejects.toThrow(/must be owner/);
    await expect(sql(app, ["UPDATE dp_catalog.products SET team = 'listener-team' WHERE id = 'play-events'"])).rejects.toThrow(/ownership transfer/);
    await expect(sql(app, ['DELETE FROM dp_catalog.versions'])).rejects.toThrow(/immutable|permission denied/);
    const doctor = dpWithToken(['catalog', 'doctor', '--catalog', app], root);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });
});
