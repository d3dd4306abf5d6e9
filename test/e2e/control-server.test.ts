/**
 * The control plane through the catalog server: the CLI with a server URL and a token, and every
 * forbidden path tried on the API itself (no token, the wrong team, the wrong kind of token).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir } from '../support/product.js';
import { api, createToken, dpWithToken, servedMesh, type RunningServer } from './server-harness.js';

let root: string;
let cleanup: () => void;
let catalog: string;
let server: RunningServer;
let tokens: Record<string, string>;

const READER = { productId: 'play-events', port: 'events', role: 'play_events_reader', purpose: 'weekly revenue report' };

function privacyToken(): string {
  const r = dp(['catalog', 'token', 'create', '--privacy', '--catalog', catalog, '--json'], { cwd: root });
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ privacy: true, admin: false, team: 'privacy-office' });
  return doc.token;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-control-server-'));
  catalog = join(root, 'catalog.db');
  ({ server, tokens } = await servedMesh(root, catalog));
  tokens['bi-team'] = createToken(catalog, root, { team: 'bi-team' }).token;
  tokens.privacy = privacyToken();
});
afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

/** dp against the server, with a token, as JSON. */
function cli(args: string[], token?: string) {
  const r = dpWithToken([...args, '--catalog', server.url, '--json'], root, token);
  expectNoStack(r);
  return { ...r, doc: r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined };
}

describe('the control plane through a catalog server', () => {
  it('a consumer team requests with its token, the owner approves, each sees it; the owner queue lists it', () => {
    const requested = cli(
      ['access', 'request', 'play-events:events', '--role', 'play_events_reader', '--purpose', 'churn model', '--until', '2099-12-31'],
      tokens['bi-team'],
    );
    expect(requested.code).toBe(0);
    expect(requested.doc.request).toMatchObject({ team: 'bi-team', state: 'pending', requestedBy: expect.stringMatching(/^team bi-team \(token \w+\)$/) });
    const id = requested.doc.request.id;
    const queue = cli(['access', 'list', '--owner', 'player-team', '--state', 'pending'], tokens['player-team']);
    expect(queue.doc.items.map((r: { id: string }) => r.id)).toContain(id);
    const approved = cli(['access', 'approve', id, '--reason', 'fine'], tokens['player-team']);
    expect(approved.code).toBe(0);
    expect(approved.doc.request.state).toBe('approved');
    expect(cli(['access', 'list', '--state', 'approved'], tokens['bi-team']).doc.items.map((r: { id: string }) => r.id)).toEqual([id]);
    // The consumer cannot approve its own next request: exit 1, the server's message.
    const next = cli(['access', 'request', 'listener-sessions:sessions', '--role', 'play_events_reader', '--purpose', 'sessions'], tokens['bi-team']);
    const self = cli(['access', 'approve', next.doc.request.id, '--reason', 'me'], tokens['bi-team']);
    expect(self.code).toBe(1);
    expect(self.doc.error.message).toMatch(/a team does not decide on its own request/);
  });

  it('needs a token for every control route, reads included', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/access-requests'],
      ['GET', '/api/access-requests/acc_0000000000'],
      ['GET', '/api/access-audit'],
      ['GET', '/api/erasure-requests'],
      ['GET', '/api/erasure-tasks?product=play-events'],
      ['GET', '/api/engine-history?product=play-events&server=w&effect=access'],
      ['POST', '/api/access-requests', READER],
      ['POST', '/api/access-requests/acc_0000000000/approve', { reason: 'x' }],
      ['POST', '/api/erasure-requests', { subject: 'listener=a', reason: 'x' }],
      ['POST', '/api/erasure-tasks/era_0000000000:play-events/confirm', { note: 'x' }],
      ['POST', '/api/engine-history', { productId: 'play-events', server: 'w', effect: 'access', type: 'applied', data: {} }],
    ];
    for (const [method, path, body] of routes) {
      const r = await api(server.url, path, { method, body });
      expect([path, r.status]).toEqual([path, 401]);
      const bad = await api(server.url, path, { method, body, token: 'dpt_' + 'x'.repeat(43) });
      expect([path, bad.status]).toEqual([path, 401]);
    }
    expect(cli(['access', 'list'], undefined).code).toBe(2);
  });

  it('refuses every forbidden access decision on the server', async () => {
    const as = (who: string, path: string, body?: unknown) => api(server.url, path, { token: tokens[who], body, method: body === undefined ? 'GET' : 'POST' });
    const created = await as('listener-team', '/api/access-requests', { ...READER, purpose: 'forbidden paths' });
    expect(created.status).toBe(201);
    const id = created.body.request.id;
    // The consumer itself, another team, the privacy office: 403 on approve and deny.
    for (const who of ['listener-team', 'bi-team', 'privacy']) {
      for (const decision of ['approve', 'deny'])
        expect([who, decision, (await as(who, `/api/access-requests/${id}/${decision}`, { reason: 'x' })).status]).toEqual([who, decision, 403]);
    }
    // A team requests for itself only; the privacy office does not request access.
    expect((await as('bi-team', '/api/access-requests', { ...READER, team: 'listener-team' })).status).toBe(403);
    expect((await as('privacy', '/api/access-requests', READER)).status).toBe(403);
    // Reading: another team's request is not yours; the privacy office reads no access.
    expect((await as('bi-team', `/api/access-requests/${id}`)).status).toBe(403);
    expect((await as('privacy', '/api/access-requests')).status).toBe(403);
    // Revoking another team's request; recording applies for a product one does not own.
    expect((await as('bi-team', `/api/access-requests/${id}/revoke`, { reason: 'x' })).status).toBe(403);
    expect(
      (await as('listener-team', '/api/engine-history', { productId: 'play-events', server: 'w', effect: 'access', type: 'applied', data: {} })).status,
    ).toBe(403);
    expect((await as('listener-team', '/api/engine-history?product=play-events&server=w&effect=access')).status).toBe(403);
    // Bad input: 422 with the reason; malformed: 400; unknown: 404.
    const badRole = await as('bi-team', '/api/access-requests', { ...READER, role: 'admin' });
    expect(badRole.status).toBe(422);
    expect(badRole.body.error).toMatchObject({
      code: 'refused',
      message: expect.stringContaining('declares no role "admin"'),
      hint: expect.stringContaining('play_events_reader'),
    });
    expect((await as('bi-team', '/api/access-requests', { ...READER, until: '2001-01-01' })).status).toBe(422);
    expect((await as('bi-team', '/api/access-requests', { productId: 'play-events' })).status).toBe(400);
    expect((await as('player-team', '/api/access-requests/acc_0000000000/approve', { reason: 'x' })).status).toBe(404);
    expect((await as('player-team', `/api/access-requests/${id}/approve`, {})).status).toBe(422);
    // The owner decides; deciding again is a conflict.
    expect((await as('player-team', `/api/access-requests/${id}/deny`, { reason: 'no' })).status).toBe(200);
    expect((await as('player-team', `/api/access-requests/${id}/approve`, { reason: 'yes' })).status).toBe(409);
  });

  it('erasure: only the privacy office files; each team reads, applies and confirms only its own tasks; the identifier never reaches the log', async () => {
    const subject = 'listener=zoe.secret@example.com';
    for (const who of ['player-team', 'admin'])
      expect((await api(server.url, '/api/erasure-requests', { token: tokens[who], body: { subject, reason: 'x' } })).status).toBe(403);
    expect((await api(server.url, '/api/erasure-requests', { token: tokens.privacy, body: { subject: 'employee=1', reason: 'x' } })).status).toBe(422);
    const filed = cli(['erase', 'request', '--subject', subject, '--reason', 'GDPR art. 17'], tokens.privacy);
    expect(filed.code).toBe(0);
    const request = filed.doc.request;
    expect(request.tasks.map((t: { productId: string }) => t.productId)).toEqual(['listener-sessions', 'play-events', 'playlist-features']);
    const as = (who: string, path: string, body?: unknown) => api(server.url, path, { token: tokens[who], body, method: body === undefined ? 'GET' : 'POST' });
    // Pending tasks with the identifier: the owning team only.
    const pending = await as('player-team', '/api/erasure-tasks?product=play-events');
    expect(pending.status).toBe(200);
    expect(pending.body.items[0]).toMatchObject({ subject: 'zoe.secret@example.com', id: `${request.id}:play-events` });
    for (const who of ['listener-team', 'privacy', 'bi-team'])
      expect([who, (await as(who, '/api/erasure-tasks?product=play-events')).status]).toEqual([who, 403]);
    // Applying or confirming another team's task: 403; its own: done.
    const task = `${request.id}:play-events`;
    expect((await as('listener-team', `/api/erasure-tasks/${task}/confirm`, { note: 'x' })).status).toBe(403);
    expect((await as('listener-team', `/api/erasure-tasks/${task}/applied`, { server: 'w', serverType: 'postgres', objects: [] })).status).toBe(403);
    expect((await as('privacy', `/api/erasure-tasks/${task}/confirm`, { note: 'x' })).status).toBe(403);
    const confirmed = cli(['erase', 'confirm', task, '--note', 'erased from the warehouse by hand'], tokens['player-team']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.doc).toMatchObject({ unchanged: false, closedRequest: false, task: { status: 'done' } });
    // Status: the privacy office sees every task; a team its own, without the hash.
    const status = cli(['erase', 'status', request.id], tokens.privacy);
    expect(status.doc.request.tasks.map((t: { status: string }) => t.status)).toEqual(['pending', 'done', 'pending']);
    const mine = cli(['erase', 'status', request.id], tokens['listener-team']);
    expect(mine.doc.request.tasks.map((t: { productId: string }) => t.productId)).toEqual(['listener-sessions']);
    expect(mine.doc.request.subjectHash).toBe('');
    expect((await as('bi-team', `/api/erasure-requests/${request.id}`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.stderr()).not.toContain('zoe.secret');
  });
});
