/** Rendering the pages as pure functions: what a consumer sees, and that catalog data is always escaped. */
import { describe, expect, it } from 'vitest';

import { parse, stringify } from 'yaml';
import type { Edge, VersionRecord, VersionSummary } from '../../src/catalog/store.js';
import { freshSince, renderHome } from '../../src/server/pages/home.js';
import { ageChangesAt, formatAge } from '../../src/server/pages/layout.js';
import { renderMesh } from '../../src/server/pages/mesh.js';
import { renderProduct } from '../../src/server/pages/product.js';
import { playerProduct } from '../support/catalog.js';

const NOW = new Date('2026-05-01T12:00:00Z');
const EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">';

function record(mutate: (d: Record<string, any>, c: Record<string, any>) => void = () => {}): VersionRecord {
  const p = playerProduct();
  mutate(p.descriptor, p.contracts.events);
  return {
    productId: 'play-events',
    version: '1.1.0',
    digest: 'sha256:' + 'a'.repeat(64),
    publisher: 'ana',
    publishedAt: '2026-04-30T12:00:00.000Z',
    previousVersion: '1.0.0',
    changes: [],
    name: p.descriptor.name,
    domain: 'player',
    team: 'player-team',
    status: 'active',
    documents: {
      descriptor: { file: 'dataproduct.odps.yaml', text: stringify(p.descriptor), value: parse(stringify(p.descriptor)) },
      contracts: [{ file: 'contracts/events.odcs.yaml', text: stringify(p.contracts.events), value: parse(stringify(p.contracts.events)) }],
    },
    validation: { dpVersion: '0.1.0', errors: 0, warnings: 1, infos: 0, suppressed: 0, findings: [] },
    ports: [],
  };
}

const versions: VersionSummary[] = [
  {
    productId: 'play-events',
    version: '1.1.0',
    digest: 'd2',
    publisher: 'ana',
    publishedAt: '2026-04-30T12:00:00.000Z',
    previousVersion: '1.0.0',
    changes: [{ ruleId: 'field-added', class: 'non-breaking', message: 'field platform added', ports: ['events'] }],
  },
  { productId: 'play-events', version: '1.0.0', digest: 'd1', publisher: 'ana', publishedAt: '2026-04-01T12:00:00.000Z', previousVersion: null, changes: [] },
];
const consumers: Edge[] = [
  { from: { product: 'play-events', port: 'events', contractId: 'play-events-events' }, to: { product: 'listener-sessions', port: 'upstream' } },
];

describe('product page', () => {
  const page = renderProduct({ record: record(), versions, upstream: [], consumers, now: NOW });

  it('shows purpose, owners, support, fields with types and classification, quality, SLA, versions and consumers', () => {
    expect(page).toContain('Plays of tracks.');
    expect(page).toContain('player-team');
    expect(page).toContain('ana@example.com');
    expect(page).toMatch(/<a href="https:\/\/chat\.example\.com\/player-data" rel="noopener noreferrer">#player-data<\/a>/);
    expect(page).toMatch(/<code>play_events\.listener_email<\/code><\/td><td>string \/ varchar\(255\)<\/td><td>no<\/td><td>restricted<\/td>/);
    expect(page).toMatch(/<code>play_events\.event_id<\/code><\/td><td>string \/ varchar\(36\)<\/td><td>yes<\/td>/);
    expect(page).toMatch(/rowCount<\/td><td>mustBeGreaterThan 0/);
    expect(page).toMatch(/<td>retention<\/td><td>1 y<\/td>/);
    expect(page).toContain('field platform added');
    expect(page).toMatch(/href="\/products\/play-events\?version=1\.0\.0"/);
    expect(page).toMatch(/Consumed by: <a href="\/products\/listener-sessions">listener-sessions<\/a>/);
    expect(page).toContain('First published version.');
  });

  it('sums up the guarantees of each output port', () => {
    expect(page).toMatch(
      /<tr><td><a href="#port-events">events<\/a><\/td><td>4 h<\/td><td>1 d<\/td><td>1 y<\/td><td><span class="muted">not stated<\/span><\/td><td>3<\/td><\/tr>/,
    );
  });

  it('escapes every text from the documents, and never links a javascript: URL', () => {
    const evil = renderProduct({
      record: record((d, c) => {
        d.description.purpose = EVIL;
        d.name = EVIL;
        d.support = [{ channel: EVIL, url: 'javascript:alert(3)' }];
        c.schema[0].properties[0].description = EVIL;
        c.schema[0].properties[0].name = EVIL;
        c.slaProperties[0].value = EVIL;
      }),
      versions,
      upstream: [],
      consumers: [],
      now: NOW,
    });
    expect(evil).not.toMatch(/<script>alert/);
    expect(evil).not.toMatch(/<img src=x/);
    expect(evil).not.toContain('javascript:');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says when an older version is shown', () => {
    const older = renderProduct({ record: { ...record(), version: '1.0.0' }, versions, upstream: [], consumers: [], now: NOW });
    expect(older).toMatch(/older version\. The latest is <a href="\/products\/play-events">1\.1\.0<\/a>/);
  });
});

describe('home page', () => {
  const item = {
    id: 'play-events',
    name: EVIL,
    version: '1.0.0',
    domain: 'player',
    team: 'player-team',
    status: 'active',
    purpose: EVIL,
    tags: ['x'],
    publisher: 'ana',
    publishedAt: '2026-04-30T12:00:00.000Z',
    versionCount: 2,
  };
  const facets = {
    domains: [{ value: 'player', count: 1 }],
    teams: [{ value: '<t>', count: 1 }],
    statuses: [{ value: 'active', count: 1 }],
    quality: [{ value: 'failing' as const, count: 1 }],
  };

  it('lists products with facets, escaped, and pages through large results', () => {
    const page = renderHome({ query: { q: '"><script>', page: 2 }, page: { total: 120, items: [item] }, facets, now: NOW });
    expect(page).not.toMatch(/<script>alert|"><script>/);
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(page).toContain('<option value="&lt;t&gt;">&lt;t&gt; (1)</option>');
    expect(page).toMatch(/Page 2 of 5/);
    expect(page).toMatch(/rel="prev" href="\/\?q=%22%3E%3Cscript%3E"/);
    expect(page).toMatch(/rel="next" href="\/\?q=%22%3E%3Cscript%3E&amp;page=3"/);
    expect(page).toContain('Published 1 day ago by ana · 2 versions');
  });

  it('computes freshness windows', () => {
    expect(freshSince('7d', NOW)).toBe('2026-04-24T12:00:00.000Z');
    expect(freshSince('nonsense', NOW)).toBeUndefined();
    expect(formatAge('2026-05-01T11:59:30Z', NOW)).toBe('just now');
    expect(formatAge('2025-04-01T00:00:00Z', NOW)).toBe('1 year ago');
  });

  it('tells when an age will read differently, for the page cache', () => {
    const ages = [
      '2026-05-01T11:59:30Z',
      '2026-05-01T11:17:00Z',
      '2026-05-01T09:00:00Z',
      '2026-04-29T12:00:01Z',
      '2026-02-01T00:00:00Z',
      '2025-04-01T00:00:00Z',
      '2026-05-02T00:00:00Z',
    ];
    for (const iso of ages) {
      const at = ageChangesAt(iso, NOW);
      expect(at, iso).toBeGreaterThan(NOW.getTime());
      expect(formatAge(iso, new Date(at - 1)), iso).toBe(formatAge(iso, NOW));
      expect(formatAge(iso, new Date(at)), iso).not.toBe(formatAge(iso, NOW));
    }
    // "just now" turns into "1 minute ago" a minute after publishing; "3 hours ago" into "4 hours ago".
    expect(ageChangesAt('2026-05-01T11:59:30Z', NOW)).toBe(Date.parse('2026-05-01T12:00:30Z'));
    expect(ageChangesAt('2026-05-01T09:00:00Z', NOW)).toBe(Date.parse('2026-05-01T13:00:00Z'));
  });
});

describe('mesh page', () => {
  it('draws nodes as links and edges as paths in an SVG, escaping labels', () => {
    const page = renderMesh({
      nodes: [
        { id: 'play-events', label: EVIL, domain: 'player' },
        { id: 'listener-sessions', label: 'Sessions', domain: 'listener' },
      ],
      links: [{ from: 'play-events', to: 'listener-sessions', port: 'events' }],
      omitted: 0,
      domains: ['player', 'listener'],
    });
    expect(page).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(page).toMatch(/<a href="\/products\/play-events" class="node"/);
    expect(page).toMatch(/<path d="M\d+,\d+ C[^"]+" marker-end="url\(#arrow\)">/);
    expect(page).toContain('listener-sessions consumes play-events:events');
    expect(page).not.toMatch(/<script>alert/);
  });

  it('says how many products were left out', () => {
    expect(renderMesh({ nodes: [], links: [], omitted: 9700, domains: [] })).toMatch(/9700 more products are not drawn/);
  });
});
