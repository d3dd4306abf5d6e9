/** Where the catalog is: flag, environment, dp.config.yaml, per-user default; URLs with passwords redacted. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCatalogPath, parseLocation, redactUrl, resolveCatalogLocation } from '../../src/catalog/location.js';
import { parsePortRef, parseVersionRef } from '../../src/catalog/refs.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('catalog location', () => {
  it('tells the kinds apart', () => {
    expect(parseLocation('cat.db', '/work')).toEqual({ kind: 'sqlite', path: '/work/cat.db', display: '/work/cat.db' });
    expect(parseLocation('postgres://u:secret@db/cat', '/')).toMatchObject({
      kind: 'postgres',
      url: 'postgres://u:secret@db/cat',
      display: 'postgres://u:***@db/cat',
    });
    expect(parseLocation('postgresql://db/cat', '/').kind).toBe('postgres');
    expect(parseLocation('https://catalog.example.com/', '/')).toMatchObject({ kind: 'http', url: 'https://catalog.example.com' });
    expect(() => parseLocation('mysql://db/x', '/')).toThrow(/unsupported catalog URL scheme/);
    expect(() => parseLocation('  ', '/')).toThrow(/empty/);
  });

  it('redacts passwords', () => {
    expect(redactUrl('postgres://dp:hunter2@localhost:5432/catalog')).toBe('postgres://dp:***@localhost:5432/catalog');
    expect(redactUrl('postgres://dp@localhost/catalog')).toBe('postgres://dp@localhost/catalog');
  });

  it('redacts passwords in every spelling a URL allows, parsed or not, and secrets in query parameters', () => {
    const urls = [
      'postgres://dp:hunter2@localhost/catalog',
      'postgres://dp:hun@ter2@localhost/catalog',
      'postgres://dp:hun/ter2@localhost/catalog',
      'postgres://dp:hun#ter2@localhost/catalog',
      'postgres://dp:hun ter2@[::1/catalog',
      'postgres://dp@localhost/catalog?password=hunter2',
      'postgres://localhost/catalog?user=dp&sslpassword=hunter2&sslmode=require',
      'postgres://dp@[bad/catalog?password=hunter2&application_name=x',
      'https://catalog.example.com/?token=hunter2',
    ];
    for (const url of urls) expect(redactUrl(url), url).not.toMatch(/hunter2|ter2/);
    expect(redactUrl('postgres://localhost/catalog?user=dp&password=hunter2&sslmode=require')).toBe(
      'postgres://localhost/catalog?user=dp&password=***&sslmode=require',
    );
  });

  it('refuses a catalog server URL with a user or password (it takes a token), without printing the password', () => {
    expect(() => parseLocation('https://ci:hunter2@catalog.example.com', '/')).toThrow(/carries a user name or password/);
    try {
      parseLocation('https://ci:hunter2@catalog.example.com', '/');
    } catch (error) {
      expect(`${(error as Error).message} ${(error as { hint?: string }).hint}`).not.toMatch(/hunter2/);
    }
  });

  it('defaults to the per-user data directory', () => {
    expect(defaultCatalogPath({ XDG_DATA_HOME: '/data', HOME: '/home/ana' })).toBe('/data/dp/catalog.db');
    expect(defaultCatalogPath({ HOME: '/home/ana' })).toBe('/home/ana/.local/share/dp/catalog.db');
    expect(defaultCatalogPath({ XDG_DATA_HOME: 'relative', HOME: '/home/ana' })).toBe('/home/ana/.local/share/dp/catalog.db');
  });

  it('takes the flag, then DP_CATALOG, then dp.config.yaml (relative to it), then the default', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dp-loc-'));
    dirs.push(root);
    const nested = join(root, 'products', 'player');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(root, 'dp.config.yaml'), 'catalog: shared/catalog.db\n');
    const env = { HOME: '/home/ana' };
    expect(await resolveCatalogLocation({ flag: 'x.db', cwd: nested, env: { ...env, DP_CATALOG: 'y.db' } })).toMatchObject({ path: join(nested, 'x.db') });
    expect(await resolveCatalogLocation({ cwd: nested, env: { ...env, DP_CATALOG: 'y.db' } })).toMatchObject({ path: join(nested, 'y.db') });
    expect(await resolveCatalogLocation({ cwd: nested, env })).toMatchObject({ kind: 'sqlite', path: join(root, 'shared', 'catalog.db') });
    expect(await resolveCatalogLocation({ cwd: tmpdir(), env })).toMatchObject({ path: '/home/ana/.local/share/dp/catalog.db' });
  });
});

describe('references', () => {
  it('reads id@version and id:port', () => {
    expect(parseVersionRef('play-events@1.2.0')).toEqual({ productId: 'play-events', version: '1.2.0' });
    expect(parseVersionRef('play-events')).toEqual({ productId: 'play-events' });
    expect(() => parseVersionRef('play-events@')).toThrow(/not a product reference/);
    expect(() => parseVersionRef('../etc')).toThrow();
    expect(parsePortRef('play-events:events')).toEqual({ productId: 'play-events', port: 'events' });
    expect(parsePortRef('play-events')).toEqual({ productId: 'play-events' });
    expect(() => parsePortRef('a:')).toThrow();
  });
});
