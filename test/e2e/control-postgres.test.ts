/**
 * The control commands on a real PostgreSQL: grants become roles and GRANT/REVOKE (a consumer's
 * login can read after approve and apply, and cannot after revoke or expiry and apply), erasure and
 * retention delete rows in a transaction after counting them, each dry first where it should be,
 * idempotent, recorded in the catalog.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRun } from '../../src/data/types.js';
import { dp, expectNoStack } from '../support/cli.js';
import { dataContract, writeDataProduct } from '../support/data.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/product.js';

const mode = pgSuiteMode();

const TABLE = 'CREATE TABLE plays (play_id varchar(36) PRIMARY KEY, listener_email text, country text, played_at timestamptz NOT NULL, duration_ms bigint)';
const ROWS = `INSERT INTO plays SELECT 'p' || g, 'u' || (g % 50) || '@example.com', 'SE', now() - g * interval '1 hour', g FROM generate_series(0, 199) g`;
const OLD = `INSERT INTO plays SELECT 'old' || g, 'u' || g || '@example.com', 'NO', now() - interval '3 years' - g * interval '1 day', g FROM generate_series(1, 7) g`;

if (mode.failReason) {
  describe('control commands on PostgreSQL', () => {
    it('needs PostgreSQL', () => {
      throw new Error(mode.failReason);
    });
  });
} else if (mode.run) {
  let server: TestPostgres;
  let root: string;
  let cleanup: () => void;
  let url: string;
  let dir: string;

  const query = async (sql: string, user?: string): Promise<pg.QueryResult> => {
    const u = new URL(url);
    if (user) u.username = user;
    const client = new pg.Client({ connectionString: u.toString() });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const canRead = (user: string) =>
    query('SELECT count(*) FROM plays', user).then(
      () => true,
      (e: { code?: string }) => (e.code === '42501' ? false : Promise.reject(e)),
    );

  const env = (): Record<string, string> => {
    const u = new URL(server.url);
    return {
      PGUSER: '',
      PGPASSWORD: '',
      DP_SERVER_WAREHOUSE_USER: decodeURIComponent(u.username) || 'dp',
      DP_SERVER_WAREHOUSE_PASSWORD: decodeURIComponent(u.password),
      DP_CATALOG: join(root, 'catalog.db'),
      DP_PUBLISHER: 'ops@example.com',
    };
  };
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const r = dp(args, { cwd: dir, env: { ...env(), ...extra } });
    expectNoStack(r);
    return r;
  };
  const json = (args: string[]) => {
    const r = run([...args, '--json']);
    return { ...r, doc: JSON.parse(r.stdout) };
  };

  beforeAll(async () => {
    server = await startPostgres();
    ({ dir: root, cleanup } = tempDir('dp-e2e-control-pg-'));
    url = await server.newDatabase();
    await query(TABLE);
    await query(ROWS);
    // The consumer team's login: trust authentication in the throwaway cluster.
    await query('CREATE ROLE "bi-team" LOGIN');
    const u = new URL(url);
    const contract = dataContract({
      server: 'warehouse',
      type: 'postgres',
      environment: 'prod',
      host: u.hostname,
      port: Number(u.port),
      database: u.pathname.slice(1),
      schema: 'public',
    });
    contract.roles = [
      { role: 'plays_reader', access: 'read', description: 'Read plays.' },
      { role: 'plays_auditor', access: 'read', secondLevelApprovers: 'data-governance' },
    ];
    contract.schema[0].properties[1].customProperties = [{ property: 'dataSubject', value: 'listener' }];
    dir = writeDataProduct(join(root, 'play-events'), contract);
    const published = run(['publish']);
    expect(published.code, published.stderr).toBe(0);
  });
  afterAll(async () => {
    cleanup?.();
    await server?.stop();
  });

  describe('control commands on PostgreSQL', () => {
    it('grants become roles on the server: approve and apply, the consumer reads; revoke and apply, it cannot', async () => {
      expect(await canRead('bi-team')).toBe(false);
      const requested = json(['access', 'request', 'play-events:events', '--role', 'plays_reader', '--purpose', 'weekly revenue report', '--team', 'bi-team']);
      const id = requested.doc.request.id;
      expect(run(['access', 'approve', id, '--reason', 'ok', '--team', 'player-team']).code).toBe(0);
      // The first run on the server is a dry run: it shows the statements and runs none.
      const first = run(['access', 'apply', '--server', 'warehouse']);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('CREATE ROLE "plays_reader" NOLOGIN;');
      expect(first.stdout).toContain('GRANT SELECT ON "public"."plays" TO "plays_reader";');
      expect(first.stdout).toContain('GRANT "plays_reader" TO "bi-team";');
      expect(first.stderr).toMatch(/dry run \(the first on server warehouse\): nothing was run/);
      expect(await canRead('bi-team')).toBe(false);
      // Without a terminal, a run that changes something needs --yes.
      const unconfirmed = run(['access', 'apply', '--server', 'warehouse']);
      expect(unconfirmed.code).toBe(2);
      expect(unconfirmed.stderr).toMatch(/confirm with --yes/);
      expect(await canRead('bi-team')).toBe(false);
      const applied = json(['access', 'apply', '--server', 'warehouse', '--yes']);
      expect(applied.code).toBe(0);
      expect(applied.doc).toMatchObject({ dryRun: false, applied: true, members: [{ grant: id, team: 'bi-team', role: 'plays_reader', port: 'events' }] });
      expect(await canRead('bi-team')).toBe(true);
      // Idempotent: nothing left to run.
      const again = json(['access', 'apply', '--server', 'warehouse', '--yes']);
      expect(again.doc.contracts[0].statements).toEqual([]);
      expect(run(['access', 'revoke', id, '--reason', 'report retired', '--team', 'bi-team']).code).toBe(0);
      const revoked = json(['access', 'apply', '--server', 'warehouse', '--yes']);
      expect(revoked.doc.contracts[0].statements).toEqual(['REVOKE "plays_reader" FROM "bi-team"']);
      expect(await canRead('bi-team')).toBe(false);
      // Each run that planned or changed something is recorded in the catalog (the idempotent one was not).
      const db = new Database(join(root, 'catalog.db'), { readonly: true });
      try {
        const types = (
          db.prepare("SELECT type FROM control_events WHERE stream = 'engine/play-events/access/warehouse' ORDER BY seq").all() as Array<{ type: string }>
        ).map((r) => r.type);
        expect(types).toEqual(['planned', 'applied', 'applied']);
      } finally {
        db.close();
      }
    });

    it('an expired grant is flagged by the audit while the server still gives it, and revoked by the next apply', async () => {
      const until = new Date(Date.now() + 2500).toISOString();
      const id = json(['access', 'request', 'play-events:events', '--role', 'plays_reader', '--purpose', 'a short look', '--until', until, '--team', 'bi-team'])
        .doc.request.id;
      run(['access', 'approve', id, '--reason', 'short', '--team', 'player-team']);
      expect(json(['access', 'apply', '--server', 'warehouse', '--yes']).code).toBe(0);
      expect(await canRead('bi-team')).toBe(true);
      expect(json(['access', 'audit']).doc.findings).toEqual([]);
      await new Promise((r) => setTimeout(r, 3000));
      const audit = json(['access', 'audit']);
      expect(audit.code).toBe(1);
      expect(audit.doc.findings).toEqual([
        expect.objectContaining({ check: 'expired-still-applied', productId: 'play-events', server: 'warehouse', grants: [id] }),
      ]);
      expect(json(['access', 'list', '--state', 'expired']).doc.items.map((r: { id: string }) => r.id)).toEqual([id]);
      expect(json(['access', 'apply', '--server', 'warehouse', '--yes']).doc.contracts[0].statements).toEqual(['REVOKE "plays_reader" FROM "bi-team"']);
      expect(await canRead('bi-team')).toBe(false);
      expect(json(['access', 'audit']).doc.findings).toEqual([]);
    });

    it("erasure deletes the subject's rows in a transaction after counting them, once, and records the count", async () => {
      const before = Number((await query("SELECT count(*) FROM plays WHERE listener_email = 'u7@example.com'")).rows[0].count);
      expect(before).toBe(4);
      const request = json(['erase', 'request', '--subject', 'listener=u7@example.com', '--reason', 'GDPR art. 17']).doc.request;
      expect(request.tasks.map((t: { productId: string }) => t.productId)).toEqual(['play-events']);
      const pending = run(['erase', 'pending']);
      expect(pending.stdout).toContain(`${request.id}:play-events  subject listener=u7@example.com`);
      const dry = run(['erase', 'apply', '--server', 'warehouse', '--dry-run']);
      expect(dry.stdout).toContain('play-events-events/plays: 4 rows to erase ("public"."plays")');
      expect(dry.stdout).not.toContain('u7@');
      expect(run(['erase', 'apply', '--server', 'warehouse']).code).toBe(2);
      expect(Number((await query("SELECT count(*) FROM plays WHERE listener_email = 'u7@example.com'")).rows[0].count)).toBe(4);
      const applied = json(['erase', 'apply', '--server', 'warehouse', '--yes']);
      expect(applied.doc.tasks).toEqual([
        expect.objectContaining({ task: `${request.id}:play-events`, status: 'done', objects: [expect.objectContaining({ rows: 4 })] }),
      ]);
      expect(applied.stdout).not.toContain('u7@');
      expect(Number((await query("SELECT count(*) FROM plays WHERE listener_email = 'u7@example.com'")).rows[0].count)).toBe(0);
      expect(Number((await query('SELECT count(*) FROM plays')).rows[0].count)).toBe(196);
      const status = json(['erase', 'status', request.id]);
      expect(status.doc.request).toMatchObject({ closedAt: expect.any(String), tasks: [{ status: 'done', erased: [{ rows: 4, server: 'warehouse' }] }] });
      // Idempotent: nothing open any more.
      expect(run(['erase', 'apply', '--server', 'warehouse', '--yes']).stderr).toMatch(/no open erasure task/);
    });

    it('retention: the first run counts, the next deletes the rows past retention, dp test then passes retention', async () => {
      await query(OLD);
      const tested = (): TestRun => JSON.parse(run(['test', '--server', 'warehouse', '--format', 'json']).stdout);
      expect(tested().results.find((r) => r.check === 'retention')).toMatchObject({ status: 'failed' });
      const first = json(['retention', 'apply', '--server', 'warehouse']);
      expect(first.doc).toMatchObject({ dryRun: true, applied: false, objects: [{ object: 'plays', column: 'played_at', days: 365, rows: 7 }] });
      expect(Number((await query('SELECT count(*) FROM plays')).rows[0].count)).toBe(203);
      const second = json(['retention', 'apply', '--server', 'warehouse', '--yes']);
      expect(second.doc).toMatchObject({ dryRun: false, applied: true, objects: [{ rows: 7 }] });
      expect(Number((await query('SELECT count(*) FROM plays')).rows[0].count)).toBe(196);
      expect(tested().results.find((r) => r.check === 'retention')).toMatchObject({ status: 'passed' });
      // Nothing left past retention: nothing asked, nothing deleted, still recorded.
      expect(json(['retention', 'apply', '--server', 'warehouse']).doc.objects[0].rows).toBe(0);
    });

    it('an unreachable server, a refused login and an unknown server are clear errors that leave nothing half done', async () => {
      const refused = run(['access', 'apply', '--server', 'warehouse', '--yes'], { DP_SERVER_WAREHOUSE_USER: 'nobody-here' });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/PostgreSQL refused the login .*nobody-here/);
      const other = run(['access', 'apply', '--server', 'nope', '--yes']);
      expect(other.code).toBe(2);
      expect(other.stderr).toMatch(/no contract of play-events has a server named nope/);
      const away = writeDataProduct(
        join(root, 'away'),
        dataContract({ server: 'warehouse', type: 'postgres', host: '127.0.0.1', port: 1, database: 'x', schema: 'public' }),
      );
      const unreachable = dp(['retention', 'apply', '--server', 'warehouse', '--yes'], { cwd: away, env: env() });
      expectNoStack(unreachable);
      expect(unreachable.code).toBe(2);
      expect(unreachable.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/x/);
    });
  });
}
