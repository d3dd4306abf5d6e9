/**
 * The web catalog in a real browser (Debian's chromium via playwright-core):
 * publish a small mesh through the server, open the home page, search, filter,
 * open a product, follow a link of the mesh graph, and check that a script
 * injected into a description never runs and is shown as text. Screenshots
 * of each page go to test-output/screenshots/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clone, streamingMesh } from '../support/catalog.js';
import { tempDir, writeProduct } from '../support/product.js';
import { browserSuiteMode, launchBrowser, screenshot, type TestBrowser } from '../support/browser.js';
import { createToken, dpWithToken, startServer, type RunningServer } from './server-harness.js';

const INJECTED = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> Plays of tracks.';
const mode = browserSuiteMode();

describe.runIf(mode.failReason)('web catalog in a browser', () => {
  it('needs chromium under CI', () => {
    throw new Error(mode.failReason);
  });
});

describe.runIf(mode.run)('web catalog in a browser', () => {
  let root: string;
  let cleanup: () => void;
  let server: RunningServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    ({ dir: root, cleanup } = tempDir('dp-e2e-web-'));
    const catalog = join(root, 'catalog.db');
    for (const product of streamingMesh()) {
      const p = clone(product);
      if (p.descriptor.id === 'play-events') p.descriptor.description.purpose = INJECTED;
      writeProduct(join(root, 'mesh', p.descriptor.id), p);
    }
    const { token } = createToken(catalog, root, { admin: true });
    server = await startServer(catalog, root, ['--quiet']);
    const published = dpWithToken(['publish', 'mesh', '--catalog', server.url], root, token);
    if (published.code !== 0) throw new Error(`publishing the mesh failed:\n${published.stdout}${published.stderr}`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup?.();
  });

  it('home page lists the products with facets; search narrows the list', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await expect(page.title()).resolves.toMatch(/Products · dp catalog/);
    await expect(page.locator('#result-count').textContent()).resolves.toMatch(/1–3 of 3 products/);
    await expect(page.locator('select[name=domain] option').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['player (1)', 'listener (1)', 'playlist (1)']),
    );
    await screenshot(page, 'home');
    await page.fill('input[name=q]', 'listening');
    await page.press('input[name=q]', 'Enter');
    await page.waitForURL(/\?q=listening/);
    await expect(page.locator('article.product h3 a').allTextContents()).resolves.toEqual(['listener sessions']);
    await screenshot(page, 'search');
  });

  it('a facet filters the list (the select submits itself with the little script)', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.selectOption('select[name=domain]', 'playlist');
    await page.waitForURL(/domain=playlist/);
    await expect(page.locator('article.product h3 a').allTextContents()).resolves.toEqual(['playlist features']);
  });

  it('product page shows the contract, SLA, quality rules, versions, upstream and consumers', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?q=listening`);
    await page.click('text=listener sessions');
    await page.waitForURL(/\/products\/listener-sessions$/);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Listening sessions aggregated from play events.');
    await expect(page.locator('table.fields').first().textContent()).resolves.toMatch(/listener_email.*restricted/s);
    await expect(page.locator('table.sla').first().textContent()).resolves.toMatch(/retention\s*1 y/);
    await expect(page.locator('table.quality').first().textContent()).resolves.toMatch(/rowCount/);
    await expect(page.locator('#upstream + ul a').allTextContents()).resolves.toEqual(['play-events']);
    await expect(page.locator('#consumers + ul a').allTextContents()).resolves.toEqual(['playlist-features']);
    await expect(page.locator('ol.versions li.version').count()).resolves.toBe(1);
    await screenshot(page, 'product');
  });

  it('an injected script in a description is shown as text and never runs', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/products/play-events`);
    await expect(page.locator('dl.props dd').first().textContent()).resolves.toBe(INJECTED);
    await page.goto(`${server.url}/`);
    await expect(page.locator('p.purpose', { hasText: '<script>' }).count()).resolves.toBe(1);
    await page.waitForTimeout(200);
    await expect(page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await screenshot(page, 'injected');
  });

  it('mesh page draws the graph as SVG; a node links to its product, without JavaScript too', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/mesh`);
    await expect(page.locator('svg a.node').count()).resolves.toBe(3);
    await expect(page.locator('svg g.edge').count()).resolves.toBe(2);
    await screenshot(page, 'mesh');
    await page.click('svg a.node[data-product="playlist-features"]');
    await page.waitForURL(/\/products\/playlist-features$/);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/playlist features/);
    await page.goto(`${server.url}/mesh?around=listener-sessions`);
    await expect(page.locator('svg a.node.focus').getAttribute('data-product')).resolves.toBe('listener-sessions');
    await screenshot(page, 'mesh-around');
  });

  it('no page raised a script error or a Content-Security-Policy violation', () => {
    expect(browser.problems).toEqual([]);
  });
});
