/**
 * The pieces of the signed-in web catalog that need no server: where a form may send the reader
 * after it, cookies, the access slots of a cached product page (found exactly, whatever the catalog's
 * text holds), a reader's copy of a page, and which decisions a page offers.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import type { AccessRequest } from '../../src/control/access/state.js';
import { tokenActor } from '../../src/control/actor.js';
import type { TokenRecord } from '../../src/catalog/store.js';
import { renderPage, SIGN_IN_SLOT } from '../../src/server/pages/layout.js';
import { choicesOf } from '../../src/server/pages/access.js';
import { accessSlot, findSlots } from '../../src/server/pages/port-access.js';
import { personalise } from '../../src/server/personalise.js';
import { cookiesOf, localPath, setCookie, type WebSession } from '../../src/server/session.js';
import { html } from '../../src/server/html.js';

const token = (team: string | null, kind: 'team' | 'admin' | 'privacy' = 'team'): TokenRecord => ({
  id: `t-${team ?? kind}`,
  hash: 'h',
  team,
  admin: kind === 'admin',
  privacy: kind === 'privacy',
  description: null,
  createdAt: '2026-03-01T00:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
});
const session = (t: TokenRecord): WebSession => ({ token: t, actor: tokenActor(t), csrf: 'csrf-of-this-session', hash: 'x' });
const request = (headers: Record<string, string>, protocol = 'http') => ({ headers, protocol }) as unknown as FastifyRequest;

function accessRequest(over: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'acc_0123456789',
    productId: 'play-events',
    port: 'events',
    role: 'reader',
    access: 'read',
    team: 'bi-team',
    purpose: 'report',
    until: null,
    contractId: 'c',
    productVersion: '1.0.0',
    levels: 1,
    secondLevelApprovers: [],
    restricted: false,
    state: 'pending',
    requestedAt: '2026-03-01T10:00:00.000Z',
    requestedBy: 'team bi-team (token 1)',
    approvedBy: [],
    history: [],
    ...over,
  };
}

describe('where a form sends the reader after it', () => {
  it('only to a path of this site', () => {
    expect(localPath('/products/a#port-b', '/access')).toBe('/products/a#port-b');
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a\nSet-Cookie: x',
      undefined,
      42,
      `/${'a'.repeat(600)}`,
    ]) {
      expect(localPath(bad, '/access')).toBe('/access');
    }
  });
});

describe('cookies', () => {
  it('reads the first of each name, and writes HttpOnly, SameSite=Lax, Secure over HTTPS', () => {
    expect(cookiesOf(request({ cookie: 'a=1; dp_session=abc; dp_session=other; junk' }))).toEqual(
      new Map([
        ['a', '1'],
        ['dp_session', 'abc'],
      ]),
    );
    expect(cookiesOf(request({}))).toEqual(new Map());
    expect(setCookie(request({}), 'dp_session', 'v', 60)).toBe('dp_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax');
    expect(setCookie(request({}, 'https'), 'dp_session', '', 0, '/sign-in')).toBe('dp_session=; Path=/sign-in; Max-Age=0; HttpOnly; SameSite=Lax; Secure');
  });
});

describe('access slots of a cached product page', () => {
  const nasty = 'ev"ents</div><!--/access-slot--><script>x</script>';

  it('are found exactly, with what they say, whatever names the catalog holds', () => {
    const roles = [
      { role: 'r"1', access: 'read', secondLevelApprovers: [] },
      { role: 'r2', access: 'write', secondLevelApprovers: ['gov'] },
    ];
    // A description that copies a slot's text is escaped by the page: it is not a slot.
    const page = renderPage({
      title: 't',
      body: html`<p>${'<div class="access-slot" data-access="{}"></div><!--/access-slot-->'}</p>${accessSlot('p&q', nasty, roles)}<p>after</p>`,
    });
    const slots = findSlots(page);
    expect(slots.map((s) => s.slot)).toEqual([
      {
        product: 'p&q',
        port: nasty,
        roles: [
          { role: 'r"1', access: 'read', levels: 1 },
          { role: 'r2', access: 'write', levels: 2 },
        ],
      },
    ]);
    expect(page.slice(slots[0].end)).toMatch(/^<p>after<\/p>/);
  });

  it("a reader's copy gets its header and what it may see in each slot; the cached page is not changed", async () => {
    const page = renderPage({
      title: 't',
      body: html`${accessSlot('play-events', 'events', [{ role: 'reader', access: 'read', secondLevelApprovers: [] }])}${accessSlot('play-events', nasty, [])}`,
    });
    expect(page).toContain(SIGN_IN_SLOT);
    const requestsOf = async () => [accessRequest({ purpose: '<img src=x onerror=1>' }), accessRequest({ id: 'acc_9999999999', port: 'other' })];
    const mine = await personalise(page, session(token('bi-team')), { requestsOf, ownerOf: () => 'player-team' });
    expect(mine).not.toContain(SIGN_IN_SLOT);
    expect(mine).toContain('team bi-team');
    expect(mine).toContain('<input type="hidden" name="csrf" value="csrf-of-this-session">');
    expect(mine).toContain('&lt;img src=x onerror=1&gt;');
    expect(mine).not.toContain('<img src=x');
    expect(mine.match(/<form class="control request-access"/g)?.length).toBe(1);
    expect(mine).toContain("This port's contract declares no roles");
    expect(mine).not.toContain('acc_9999999999');
    expect(findSlots(mine)).toEqual([]);
    const owner = await personalise(page, session(token('player-team')), { requestsOf, ownerOf: () => 'player-team' });
    expect(owner).toContain('Grants and requests on this port');
    expect(owner).not.toContain('request-access');
    const privacy = await personalise(page, session(token('office', 'privacy')), {
      requestsOf: () => Promise.reject(new Error('a privacy token reads no requests')),
      ownerOf: () => 'player-team',
    });
    expect(privacy).toContain('A privacy token neither reads nor requests access');
    expect(page).toContain(SIGN_IN_SLOT);
  });
});

describe('the decisions a page offers', () => {
  it('follows who may decide: the owner first, a second-level approver second, never the requesting team', () => {
    const owner = token('player-team');
    const consumer = token('bi-team');
    const governance = token('data-governance');
    const admin = token(null, 'admin');
    const pending = accessRequest();
    expect(choicesOf(pending, owner, 'player-team')).toEqual({ decide: true, revoke: true });
    expect(choicesOf(pending, consumer, 'player-team')).toEqual({ decide: false, revoke: true });
    expect(choicesOf(pending, governance, 'player-team')).toEqual({ decide: false, revoke: false });
    const second = accessRequest({ state: 'pending-second', levels: 2, secondLevelApprovers: ['data-governance'], approvedBy: ['team player-team (token 1)'] });
    expect(choicesOf(second, governance, 'player-team')).toEqual({ decide: true, revoke: false });
    expect(choicesOf(second, admin, 'player-team')).toEqual({ decide: true, revoke: true });
    expect(choicesOf(accessRequest({ state: 'denied' }), owner, 'player-team')).toEqual({ decide: false, revoke: false });
    expect(choicesOf(accessRequest({ state: 'approved' }), consumer, 'player-team')).toEqual({ decide: false, revoke: true });
  });
});
