/**
 * Ownership end to end: a team cannot take over another team's product through
 * the server (the attack: a new version naming its own team and a phishing
 * support link), an admin moves a product only when asked to, the change of
 * owner shows in every changelog, and a local writer needs --transfer-ownership.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { clone, playerProduct, writeProduct } from '../support/catalog.js';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir } from '../support/product.js';
import { api, dpWithToken, playerOffer, servedMesh, type RunningServer } from './server-harness.js';

let root: string;
let cleanup: () => void;
let catalog: string;
let server: RunningServer;
let tokens: Record<string, string>;

/** The player product at `version`, moved to `team`, its support link pointing elsewhere. */
function takeover(version: string, team = 'listener-team') {
  return playerOffer((p) => {
    p.descriptor.version = version;
    p.descriptor.team.name = team;
    p.descriptor.support = [{ channel: '#help', url: 'https://phishing.example.net/login', tool: 'other' }];
  });
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-ownership-'));
  catalog = join(root, 'catalog.db');
  ({ server, tokens } = await servedMesh(root, catalog, ['--quiet']));
});
afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

describe('through the catalog server', () => {
  it("refuses another team's token that renames the team of a product it does not own (403), and the owner goes on publishing", async () => {
    const attack = await api(server.url, '/api/publish', { token: tokens['listener-team'], body: takeover('99.0.0') });
    expect(attack.status).toBe(403);
    expect(attack.body.error.code).toBe('forbidden');
    expect(attack.body.error.outcomes[0].refusals[0]).toMatchObject({ code: 'not-owner', message: expect.stringMatching(/owned by team player-team/) });
    // Asking for a transfer changes nothing for a team token.
    const asked = await api(server.url, '/api/publish', { token: tokens['listener-team'], body: { ...takeover('99.0.0'), transferOwnership: true } });
    expect(asked.status).toBe(403);
    const dry = await api(server.url, '/api/publish', { token: tokens['listener-team'], body: { ...takeover('99.0.0'), dryRun: true } });
    expect(dry.status).toBe(403);
    const product = await api(server.url, '/api/products/play-events');
    expect(product.body).toMatchObject({ version: '1.0.0', team: 'player-team' });
    expect(JSON.stringify(product.body)).not.toMatch(/phishing/);
    const owner = await api(server.url, '/api/publish', { token: tokens['player-team'], body: playerOffer((p) => (p.descriptor.version = '1.0.1')) });
    expect(owner.status).toBe(200);
    expect(owner.body.outcomes[0].status).toBe('published');
  });

  it('refuses the owner giving its product away without an admin', async () => {
    const a = await api(server.url, '/api/publish', { token: tokens['player-team'], body: { ...takeover('1.0.2'), transferOwnership: true } });
    expect(a.status).toBe(403);
    expect(a.body.error.outcomes[0].refusals[0].message).toMatch(/token \w+ of team player-team may not publish products of team listener-team/);
  });

  it('lets an admin move a product only when the transfer is asked for, recorded as a change of owner in every changelog', async () => {
    const unasked = await api(server.url, '/api/publish', { token: tokens.admin, body: takeover('1.1.0') });
    expect(unasked.status).toBe(422);
    expect(unasked.body.error.outcomes[0].refusals[0]).toMatchObject({
      code: 'transfer-not-requested',
      message: expect.stringMatching(/--transfer-ownership/),
    });

    const dir = writeProduct(
      join(root, 'moved', 'play-events'),
      (() => {
        const p = clone(playerProduct());
        p.descriptor.version = '1.1.0';
        p.descriptor.team.name = 'listener-team';
        return p;
      })(),
    );
    const moved = dpWithToken(['publish', dir, '--catalog', server.url, '--transfer-ownership'], root, tokens.admin);
    expect(moved.code, moved.stdout + moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/published play-events@1\.1\.0 \(from 1\.0\.1: 1 change of owner\)/);

    const versions = await api(server.url, '/api/products/play-events/versions');
    expect(versions.body.items[0].changes[0]).toMatchObject({ ruleId: 'team-changed', class: 'ownership', before: 'player-team', after: 'listener-team' });
    const cli = dpWithToken(['catalog', 'versions', 'play-events', '--changes', '--catalog', server.url], root);
    expect(cli.stdout).toMatch(/ownership\s+team\.name "player-team" -> "listener-team"\s+team-changed/);
    const page = await fetch(`${server.url}/products/play-events`).then((r) => r.text());
    expect(page).toMatch(/<span class="badge ownership">ownership<\/span> <code>team-changed<\/code>/);

    // Now the new owner publishes it, and the old owner no longer can.
    const next = (version: string) =>
      playerOffer((p) => {
        p.descriptor.version = version;
        p.descriptor.team.name = 'listener-team';
      });
    expect((await api(server.url, '/api/publish', { token: tokens['player-team'], body: next('1.1.1') })).status).toBe(403);
    expect((await api(server.url, '/api/publish', { token: tokens['listener-team'], body: next('1.1.1') })).status).toBe(200);
  });
});

describe('a local writer (dp publish --catalog <file>)', () => {
  it('needs --transfer-ownership to change the owning team, and the catalog records the change of owner', () => {
    const local = join(root, 'local.db');
    const mesh = join(root, 'mesh');
    expect(dp(['publish', mesh, '--catalog', local], { cwd: root }).code).toBe(0);
    const p = clone(playerProduct());
    p.descriptor.version = '1.1.0';
    p.descriptor.team.name = 'listener-team';
    const dir = writeProduct(join(root, 'local-moved', 'play-events'), p);
    const refused = dp(['publish', dir, '--catalog', local], { cwd: root });
    expect(refused.code).toBe(1);
    expectNoStack(refused);
    expect(refused.stdout).toMatch(/refused play-events@1\.1\.0/);
    expect(refused.stdout).toMatch(/the owning team would change from team player-team to team listener-team \(team\.name\).*--transfer-ownership/);
    const json = JSON.parse(dp(['publish', dir, '--catalog', local, '--dry-run', '--json', '--transfer-ownership'], { cwd: root }).stdout);
    expect(json.products[0]).toMatchObject({ status: 'would-publish', changes: [expect.objectContaining({ ruleId: 'team-changed', class: 'ownership' })] });
    const done = dp(['publish', dir, '--catalog', local, '--transfer-ownership'], { cwd: root });
    expect(done.code, done.stderr).toBe(0);
    const shown = JSON.parse(dp(['catalog', 'show', 'play-events', '--catalog', local, '--json'], { cwd: root }).stdout);
    expect(shown.team).toBe('listener-team');
    expect(stringify(shown.changes)).toMatch(/team-changed/);
  });
});
