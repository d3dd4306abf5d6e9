/**
 * Evidence through the catalog server: recording runs with a team token (only
 * the owning team, as stored), the runs API, the product page (promised
 * against measured, each check's status, the failing port's consumers, the
 * history chart), the quality facet, pages that follow new runs, and the same
 * page in a real browser with a screenshot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunCandidate, RunPage, StoredRun } from '../../src/catalog/runs.js';
import { tempDir } from '../support/product.js';
import { browserSuiteMode, launchBrowser } from '../support/browser.js';
import { check, run } from '../conformance-store/runs.js';
import { api, servedMesh, type RunningServer } from './server-harness.js';

let root: string;
let cleanup: () => void;
let server: RunningServer;
let tokens: Record<string, string>;

const EVIL = '<script>window.__pwned=1</script>';
const latency = (measured: number, status: 'passed' | 'failed') =>
  check(status, {
    object: 'plays',
    field: 'played_at',
    check: 'latency',
    category: 'sla',
    measured,
    unit: 'seconds',
    threshold: { operator: 'mustBeLessOrEqualTo', value: 4 * 3600 },
    expected: 'newest value at most 4 h old',
    dimension: 'timeliness',
    message: `${EVIL} age`,
  });

function runAt(day: number, status: 'passed' | 'failed'): RunCandidate {
  const at = `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  return run({
    startedAt: at,
    finishedAt: at.replace('09:00:00', '09:00:05'),
    checks: [latency(status === 'passed' ? 7800 : 30 * 3600, status), check(status === 'passed' ? 'passed' : 'failed', { object: EVIL })],
  });
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-evidence-'));
  ({ server, tokens } = await servedMesh(root, join(root, 'catalog.db'), ['--quiet']));
});
afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

describe('test runs through the catalog server', () => {
  it('records runs only with a token of the team owning the product as stored, whatever the request says', async () => {
    expect((await api(server.url, '/api/runs', { body: { runs: [runAt(1, 'passed')] } })).status).toBe(401);
    const foreign = await api(server.url, '/api/runs', { token: tokens['listener-team'], body: { publisher: 'mallory', runs: [runAt(1, 'passed')] } });
    expect(foreign.status).toBe(200);
    expect((foreign.body as { outcomes: Array<{ status: string; refusal?: { code: string } }> }).outcomes).toEqual([
      expect.objectContaining({ status: 'refused', refusal: expect.objectContaining({ code: 'not-owner' }) }),
    ]);
    const tooMany = await api(server.url, '/api/runs', { token: tokens['player-team'], body: { runs: Array.from({ length: 101 }, () => runAt(1, 'passed')) } });
    expect(tooMany.status).toBe(400);
    const page = (await api(server.url, '/products/play-events')).body as string;
    expect(page).toContain('No test run published yet');
    const own = await api(server.url, '/api/runs', {
      token: tokens['player-team'],
      body: { publisher: 'ci', runs: [runAt(1, 'passed'), runAt(2, 'passed'), runAt(3, 'failed')] },
    });
    expect((own.body as { outcomes: Array<{ status: string }> }).outcomes.map((o) => o.status)).toEqual(['recorded', 'recorded', 'recorded']);
  });

  it('serves the runs newest first, a page at a time, and the latest of each port and server', async () => {
    const first = (await api(server.url, '/api/products/play-events/runs?limit=2')).body as RunPage;
    expect(first.items.map((r) => r.startedAt.slice(0, 10))).toEqual(['2026-03-03', '2026-03-02']);
    expect(first.items[0]).toMatchObject({ status: 'failed', publisher: expect.stringMatching(/^ci \(token /), summary: { checks: 2, failing: 2 } });
    const second = (await api(server.url, `/api/products/play-events/runs?limit=2&before=${first.next}`)).body as RunPage;
    expect(second).toMatchObject({ next: null, items: [expect.objectContaining({ startedAt: '2026-03-01T09:00:00.000Z' })] });
    const latest = (await api(server.url, '/api/products/play-events/runs/latest')).body as { items: StoredRun[] };
    expect(latest.items.map((r) => [r.port, r.server, r.status])).toEqual([['events', 'local', 'failed']]);
    expect((await api(server.url, '/api/products/play-events/runs?before=x')).status).toBe(400);
  });

  it('shows the evidence on the product page, escaped, with the consumers a failing port lets down, and a quality facet', async () => {
    const page = (await api(server.url, '/products/play-events')).body as string;
    expect(page).not.toContain(EVIL);
    expect(page).toContain('&lt;script&gt;');
    expect(page).toMatch(/latency <span class="muted">\(plays\.played_at\)<\/span> promised 4 h, newest data 1 d 6 h old/);
    expect(page).toMatch(/Downstream consumers of this port: <a href="\/products\/listener-sessions">listener-sessions<\/a>/);
    expect(page).toMatch(/<svg role="img" aria-labelledby="[^"]+-title [^"]+-desc"/);
    expect(page).toMatch(/<title id="[^"]+">Last 3 test runs of port events on server local<\/title>/);
    expect(page).toMatch(/<figcaption>Last 3 test runs of port events on server local: 2 passed, 1 failed, 0 could not be tested/);
    const home = (await api(server.url, '/')).body as string;
    expect(home).toMatch(/<option value="failing">failing \(1\)<\/option>/);
    expect(home).toMatch(/<option value="untested">untested \(2\)<\/option>/);
    expect(home).toContain('<legend>Metadata age</legend>');
    expect(home).not.toContain('Freshness');
    const failing = (await api(server.url, '/api/products?quality=failing')).body as { items: Array<{ id: string }> };
    expect(failing.items.map((p) => p.id)).toEqual(['play-events']);
    expect((await api(server.url, '/?quality=failing')).body).toMatch(/1–1 of 1 product/);
  });

  it('follows new runs: a cached page shows the next run at once', async () => {
    await api(server.url, '/products/play-events');
    await api(server.url, '/api/runs', { token: tokens['player-team'], body: { runs: [runAt(4, 'passed')] } });
    const page = (await api(server.url, '/products/play-events')).body as string;
    expect(page).toMatch(/newest data 2 h 10 min old/);
    expect(page).toContain('Last 4 test runs');
    expect((await api(server.url, '/api/facets')).body).toMatchObject({
      quality: [
        { value: 'passing', count: 1 },
        { value: 'untested', count: 2 },
      ],
    });
  });
});

const mode = browserSuiteMode();

describe.runIf(mode.run)('the evidence in a browser', () => {
  it('renders the failing evidence and its chart without running anything injected, and takes a screenshot', async () => {
    await api(server.url, '/api/runs', { token: tokens['player-team'], body: { runs: [runAt(5, 'failed')] } });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/products/play-events`);
      const evidence = page.locator('section.evidence');
      await expect(evidence.locator('.badge').first().textContent()).resolves.toBe('failing');
      await expect(evidence.locator('svg[role=img] title').first().textContent()).resolves.toBe('Last 5 test runs of port events on server local');
      await expect(evidence.locator('svg rect.run-failed').count()).resolves.toBe(2);
      await expect(evidence.locator('figcaption').textContent()).resolves.toMatch(/3 passed, 2 failed/);
      await expect(page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
      const box = await evidence.locator('svg').first().boundingBox();
      expect(box!.width).toBeGreaterThan(50);
      const shot = join(root, 'evidence.png');
      await page.screenshot({ path: shot, fullPage: true });
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(5000);
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
