/**
 * The signed-in web catalog in a real browser (Debian's chromium via playwright-core): a consumer
 * team signs in with its token, requests access from an output port's section, the owner approves
 * it from its queue, both see the grant on the port, a second-level approver gives its approval,
 * sign-out ends the session; forms without this session's CSRF token, from another site, or from
 * another team are refused and change nothing; the cache never gives a signed-in copy to anyone
 * else; an erasure request's page shows its tasks and never the subject's identifier.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp } from '../support/cli.js';
import { controlMesh } from '../support/control.js';
import { tempDir, writeProduct } from '../support/product.js';
import { browserSuiteMode, launchBrowser, screenshot, type TestBrowser } from '../support/browser.js';
import { api, createToken, dpWithToken, startServer, type RunningServer } from './server-harness.js';

const mode = browserSuiteMode();
const SUBJECT = 'alice.listener@example.com';

describe.runIf(mode.failReason)('signed-in web catalog in a browser', () => {
  it('needs chromium under CI', () => {
    throw new Error(mode.failReason);
  });
});

describe.runIf(mode.run)('signed-in web catalog in a browser', () => {
  let root: string;
  let cleanup: () => void;
  let server: RunningServer;
  let browser: TestBrowser;
  let attacker: Server;
  let attackerUrl: string;
  const tokens: Record<string, string> = {};
  const requestIds: Record<string, string> = {};

  beforeAll(async () => {
    ({ dir: root, cleanup } = tempDir('dp-e2e-web-control-'));
    const catalog = join(root, 'catalog.db');
    for (const product of controlMesh()) writeProduct(join(root, 'mesh', product.descriptor.id), product);
    for (const team of ['player-team', 'listener-team', 'bi-team', 'data-governance']) tokens[team] = createToken(catalog, root, { team }).token;
    tokens.admin = createToken(catalog, root, { admin: true }).token;
    const privacy = dp(['catalog', 'token', 'create', '--privacy', '--catalog', catalog, '--json'], { cwd: root });
    tokens.privacy = JSON.parse(privacy.stdout).token;
    server = await startServer(catalog, root, ['--quiet']);
    const published = dpWithToken(['publish', 'mesh', '--catalog', server.url], root, tokens.admin);
    if (published.code !== 0) throw new Error(`publishing the mesh failed:\n${published.stdout}${published.stderr}`);
    // Another site (another port is another origin) whose page posts a form to the catalog.
    attacker = createServer((request, response) => {
      const action = decodeURIComponent((request.url ?? '/').slice(1));
      response.setHeader('content-type', 'text/html');
      response.end(
        `<!doctype html><form method="post" action="${server.url}${action}"><input name="reason" value="pwned"><input name="csrf" value="guess"><button id="go">go</button></form>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    attacker?.close();
    cleanup?.();
  });

  async function signIn(team: string, next = ''): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${server.url}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await page.fill('input[name=token]', tokens[team]);
    await page.click('form.sign-in button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }

  const portSection = (page: Page) => page.locator('#port-events .access');

  it('a reader who is not signed in sees the sign-in link and no grants; a wrong token is refused', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/products/play-events`);
    await expect(page.locator('header a.session').textContent()).resolves.toBe('Sign in');
    await expect(page.locator('#port-events .access-slot').textContent()).resolves.toMatch(/Sign in to see this port's grants/);
    await page.goto(`${server.url}/access`);
    await page.waitForURL(/\/sign-in\?next=%2Faccess$/);
    await page.fill('input[name=token]', 'dpt_not-a-real-token');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.sign-in button[type=submit]')]);
    expect(answer.status()).toBe(401);
    await expect(page.locator('p.error').textContent()).resolves.toMatch(/not valid/);
  });

  it('a consumer team signs in with an HttpOnly, SameSite cookie and requests access from the port', async () => {
    const page = await signIn('bi-team', '/products/play-events');
    await page.waitForURL(/\/products\/play-events$/);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'dp_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookies.find((c) => c.name === 'dp_session')!.value).not.toContain(tokens['bi-team']);
    await expect(page.locator('header .who').textContent()).resolves.toBe('team bi-team');
    await page.selectOption('#port-events select[name=role]', 'play_events_reader');
    await page.fill('#port-events input[name=purpose]', 'weekly revenue report <b>now</b>');
    await page.fill('#port-events input[name=until]', '2099-12-31');
    await page.click('#port-events form.request-access button[type=submit]');
    await page.waitForURL(/\/products\/play-events#port-events$/);
    const row = portSection(page).locator('table.grants tbody tr');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toMatch(/bi-team.*play_events_reader.*pending.*weekly revenue report <b>now<\/b>.*2099-12-31/s);
    requestIds.reader = (await row.getAttribute('id'))!;
    expect(requestIds.reader).toMatch(/^acc_[0-9a-f]{10}$/);
    await screenshot(page, 'control-requested');
    // The same page, not signed in, from the cache: no grant, no form.
    const anonymous = await browser.newPage();
    const answer = await anonymous.goto(`${server.url}/products/play-events`);
    expect(answer!.headers()['cache-control']).toBe('private, no-cache');
    await expect(anonymous.locator('#port-events table.grants').count()).resolves.toBe(0);
    await expect(anonymous.locator('form.request-access').count()).resolves.toBe(0);
    expect(await anonymous.content()).not.toContain(requestIds.reader);
  });

  it('the owner approves from its queue with a reason; both see the grant on the port', async () => {
    const owner = await signIn('player-team', '/access/queue');
    await owner.waitForURL(/\/access\/queue$/);
    const row = owner.locator(`#pending tr#${requestIds.reader}`);
    await expect(row.textContent()).resolves.toMatch(/bi-team/);
    await row.locator('input[name=reason]').fill('fits the report');
    await row.locator('button', { hasText: 'Approve' }).click();
    await owner.waitForURL(/\/access\/queue$/);
    await expect(owner.locator(`#granted tr#${requestIds.reader}`).textContent()).resolves.toMatch(/approved/);
    await screenshot(owner, 'control-queue');
    await owner.goto(`${server.url}/products/play-events`);
    await expect(portSection(owner).locator('h4').textContent()).resolves.toBe('Grants and requests on this port');
    await expect(portSection(owner).locator(`tr#${requestIds.reader}`).textContent()).resolves.toMatch(/bi-team.*approved/s);
    await expect(portSection(owner).locator('form.request-access').count()).resolves.toBe(0);
    const consumer = await signIn('bi-team', '/products/play-events');
    await consumer.waitForURL(/\/products\/play-events$/);
    await expect(portSection(consumer).locator(`tr#${requestIds.reader}`).textContent()).resolves.toMatch(/approved/);
    await consumer.goto(`${server.url}/access/${requestIds.reader}`);
    await expect(consumer.locator('table.history').textContent()).resolves.toMatch(/approved \(level 1\).*team player-team.*fits the report/s);
    await screenshot(consumer, 'control-request');
    // Another team sees neither the grant nor the request.
    const other = await signIn('listener-team', '/products/play-events');
    await other.waitForURL(/\/products\/play-events$/);
    await expect(portSection(other).locator('table.grants').count()).resolves.toBe(0);
    const denied = await other.goto(`${server.url}/access/${requestIds.reader}`);
    expect(denied!.status()).toBe(403);
  });

  it('a role naming second-level approvers needs their approval after the owner', async () => {
    const consumer = await signIn('bi-team', '/products/play-events');
    await consumer.waitForURL(/\/products\/play-events$/);
    await consumer.selectOption('#port-events select[name=role]', 'play_events_auditor');
    await consumer.fill('#port-events input[name=purpose]', 'audit of plays');
    await consumer.click('#port-events form.request-access button[type=submit]');
    await consumer.waitForURL(/#port-events$/);
    const id = (await portSection(consumer).locator('tr', { hasText: 'play_events_auditor' }).getAttribute('id'))!;
    const owner = await signIn('player-team', '/access/queue');
    await owner.waitForURL(/\/access\/queue$/);
    await owner.locator(`#pending tr#${id} input[name=reason]`).fill('owner agrees');
    await owner.locator(`#pending tr#${id} button`, { hasText: 'Approve' }).click();
    await owner.waitForURL(/\/access\/queue$/);
    await expect(owner.locator(`#pending tr#${id}`).textContent()).resolves.toMatch(/pending-second.*1\/2 approvals/s);
    const governance = await signIn('data-governance', '/access/queue');
    await governance.waitForURL(/\/access\/queue$/);
    const row = governance.locator(`#second tr#${id}`);
    await row.locator('input[name=reason]').fill('governance agrees');
    await row.locator('button', { hasText: 'Approve (second level)' }).click();
    await governance.waitForURL(/\/access\/queue$/);
    await expect(governance.locator(`#second tr#${id}`).count()).resolves.toBe(0);
    expect((await api(server.url, `/api/access-requests/${id}`, { token: tokens['bi-team'] })).body.request.state).toBe('approved');
  });

  it("refuses a form without this session's CSRF token, and changes nothing", async () => {
    const page = await signIn('listener-team', '/products/play-events');
    await page.waitForURL(/\/products\/play-events$/);
    // The test's own script in the page (the tests are not compiled with the DOM's types).
    await page.evaluate(`document.querySelectorAll('form.request-access input[name=csrf]').forEach((i) => { i.value = 'forged'; })`);
    await page.fill('#port-events input[name=purpose]', 'sneaky');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#port-events form.request-access button[type=submit]'),
    ]);
    expect(answer.status()).toBe(403);
    await expect(page.locator('main').textContent()).resolves.toMatch(/security token is missing or not this session's.*nothing was done/s);
    expect((await api(server.url, '/api/access-requests', { token: tokens['listener-team'] })).body.items).toEqual([]);
  });

  it('refuses a form another site sends with the reader signed in: the grant stays', async () => {
    const page = await signIn('bi-team');
    await page.goto(`${attackerUrl}/${encodeURIComponent(`/access/${requestIds.reader}/revoke`)}`);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#go')]);
    expect(answer.status()).toBe(403);
    expect((await api(server.url, `/api/access-requests/${requestIds.reader}`, { token: tokens['bi-team'] })).body.request.state).toBe('approved');
  });

  it("refuses another team's decision on a request, even with its own valid form token", async () => {
    const consumer = await signIn('bi-team', '/products/play-events');
    await consumer.waitForURL(/\/products\/play-events$/);
    await consumer.selectOption('#port-events select[name=role]', 'play_events_reader');
    await consumer.fill('#port-events input[name=purpose]', 'once more');
    // Already granted: the page answers the same request, nothing new.
    await consumer.click('#port-events form.request-access button[type=submit]');
    await consumer.waitForURL(/#port-events$/);
    const other = await signIn('listener-team');
    // A form of its own page (the page's policy forbids scripts to post), with its own session's token.
    const [answer] = await Promise.all([
      other.waitForResponse((r) => r.request().method() === 'POST'),
      other.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/access/${requestIds.reader}/revoke';
        for (const [name, value] of [['csrf', document.querySelector('form.sign-out input[name=csrf]').value], ['reason', 'not mine to revoke']]) {
          const input = document.createElement('input');
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      })()`),
    ]);
    expect(answer.status()).toBe(403);
    await other.waitForLoadState();
    await expect(other.locator('main').textContent()).resolves.toMatch(/only the owning team \(player-team\) or the requesting team \(bi-team\) may revoke/);
    expect((await api(server.url, `/api/access-requests/${requestIds.reader}`, { token: tokens['bi-team'] })).body.request.state).toBe('approved');
    expect((await api(server.url, '/api/access-requests?state=approved&team=bi-team', { token: tokens['bi-team'] })).body.items.length).toBe(2);
  });

  it('sign-out ends the session: the old cookie no longer signs in, and the page is anonymous again', async () => {
    const page = await signIn('bi-team', '/products/play-events');
    await page.waitForURL(/\/products\/play-events$/);
    const before = (await page.context().cookies()).find((c) => c.name === 'dp_session')!.value;
    await page.click('header form.sign-out button');
    await page.waitForURL(`${server.url}/`);
    await expect(page.locator('header a.session').textContent()).resolves.toBe('Sign in');
    expect((await page.context().cookies()).find((c) => c.name === 'dp_session')).toBeUndefined();
    // The cookie as it was, replayed: it names no session any more.
    const replay = await fetch(`${server.url}/access`, { headers: { cookie: `dp_session=${before}` }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/^\/sign-in/);
  });

  it("an erasure request's page shows its tasks, done and pending, and never the subject's identifier", async () => {
    const filed = dpWithToken(
      ['erase', 'request', '--subject', `listener=${SUBJECT}`, '--reason', 'art. 17 request 88', '--catalog', server.url, '--json'],
      root,
      tokens.privacy,
    );
    expect(filed.code).toBe(0);
    const id = JSON.parse(filed.stdout).request.id as string;
    const office = await signIn('privacy', `/erasure/${id}`);
    await office.waitForURL(new RegExp(`/erasure/${id}$`));
    await expect(office.locator('table.tasks tbody tr').count()).resolves.toBe(2);
    await expect(office.locator('dl.props').textContent()).resolves.toMatch(/0 done.*2 pending/s);
    expect(await office.content()).not.toContain(SUBJECT);
    await screenshot(office, 'control-erasure-open');
    // The player team confirms its task; it sees only its own.
    const confirmed = dpWithToken(['erase', 'confirm', `${id}:play-events`, '--note', 'erased by hand', '--catalog', server.url], root, tokens['player-team']);
    expect(confirmed.code).toBe(0);
    const team = await signIn('player-team', `/erasure/${id}`);
    await team.waitForURL(new RegExp(`/erasure/${id}$`));
    await expect(team.locator('table.tasks tbody tr').count()).resolves.toBe(1);
    await expect(team.locator('#task-play-events').textContent()).resolves.toMatch(/done.*erased by hand/s);
    expect(await team.content()).not.toContain(SUBJECT);
    expect(dpWithToken(['erase', 'confirm', `${id}:listener-sessions`, '--note', 'gone', '--catalog', server.url], root, tokens['listener-team']).code).toBe(0);
    await office.reload();
    await expect(office.locator('h1').textContent()).resolves.toMatch(/closed/);
    await expect(office.locator('dl.props').textContent()).resolves.toMatch(/identifier forgotten.*2 done/s);
    expect(await office.content()).not.toContain(SUBJECT);
    await screenshot(office, 'control-erasure-closed');
    // A consumer team with no task there: as if the request did not exist.
    const consumer = await signIn('bi-team');
    expect((await consumer.goto(`${server.url}/erasure/${id}`))!.status()).toBe(404);
  });

  it('no page raised a script error or a Content-Security-Policy violation', () => {
    // The refusals above are answers the browser logs as failed loads: expected, and nothing else.
    const refused = /^console: Failed to load resource: the server responded with a status of (401|403|404) /;
    expect(browser.problems.filter((p) => !refused.test(p))).toEqual([]);
  });
});
