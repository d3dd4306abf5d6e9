/**
 * A real browser for the web catalog tests: playwright-core driving Debian's
 * chromium (never a downloaded browser), headless, with a fresh profile.
 * Without chromium the tests are skipped locally with a loud message, and
 * FAIL under CI, so a missing browser never looks like a green build.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.DP_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const isCI = (): boolean => Boolean(process.env.CI) && process.env.CI !== '0' && process.env.CI !== 'false';

/** `run`: chromium is there; `failReason`: CI without chromium (the suite must fail); neither: skip locally. */
export function browserSuiteMode(): { run: boolean; failReason?: string } {
  if (existsSync(CHROMIUM)) return { run: true };
  const reason = `chromium not found at ${CHROMIUM} (install it: apt-get install -y chromium)`;
  if (isCI()) return { run: false, failReason: `CI is set but ${reason}` };
  process.stderr.write(`\n*** SKIPPING browser tests: ${reason} ***\n\n`);
  return { run: false };
}

export interface TestBrowser {
  browser: Browser;
  /** A new page in a new context; its JavaScript errors and CSP violations go to `problems`. */
  newPage: (options?: { javaScriptEnabled?: boolean }) => Promise<Page>;
  problems: string[];
  close: () => Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const { chromium } = await import('playwright-core');
  // A fresh profile directory of our own, removed afterwards (chromium's --user-data-dir).
  const profile = mkdtempSync(join(tmpdir(), 'dp-chromium-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, `--user-data-dir=${profile}`] }).catch(() =>
    // Playwright may refuse --user-data-dir with launch(); it then uses a fresh temporary profile itself.
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS }),
  );
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  const newPage = async (options: { javaScriptEnabled?: boolean } = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    return page;
  };
  return {
    browser,
    newPage,
    problems,
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot under test-output/screenshots/ for review. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
