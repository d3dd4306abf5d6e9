// The control plane's part of bench/serve.bench.mjs: what the seed adds (team and privacy tokens,
// access requests decided by their owners, one erasure request reaching many products), signing
// readers in through the web form, and the signed-in pages measured under the same load as the
// others: a product page with its grants and request form, a team's requests, an owner's queue, an
// erasure request's status (goal: p95 under 20 ms, as for every page).
import { URLSearchParams } from 'node:url';
import { Connection } from './http-client.mjs';

/** Teams of the synthetic mesh (bench/mesh.mjs: product i belongs to team-(i % 50)). */
export const TEAMS = Array.from({ length: 50 }, (_, t) => `team-${t}`);
/** One product in SUBJECT_EVERY declares `user_email` a subject key (the erasure request reaches them and their downstream). */
export const SUBJECT_EVERY = 100;

/**
 * In the seeding process: a token per team and one of the privacy office, `requests` access requests
 * (product i's events port, by the next team), two in three approved by the owner and one in six
 * denied, and one erasure request. Returns the secrets and the erasure request's id.
 */
export async function seedControl(store, dist, requests) {
  const { generateToken } = await dist('server/auth.js');
  const { StoreControl } = await dist('control/plane.js');
  const { DEFAULT_CONTROL } = await dist('control/settings.js');
  const teams = {};
  for (const team of TEAMS) {
    const { secret, record } = generateToken({ team, description: 'bench' });
    await store.createToken(record);
    teams[team] = secret;
  }
  const privacy = generateToken({ team: 'privacy-office', privacy: true, description: 'bench' });
  await store.createToken(privacy.record);
  const as = (team) => new StoreControl(store, { kind: 'local', name: 'bench', team }, DEFAULT_CONTROL);
  for (let i = 0; i < requests; i += 1) {
    const consumer = TEAMS[(i + 1) % TEAMS.length];
    const { request } = await as(consumer).requestAccess({ productId: `product-${i}`, port: 'events', role: `product_${i}_reader`, purpose: `report ${i}` });
    if (i % 6 === 5) await as(TEAMS[i % TEAMS.length]).decideAccess(request.id, 'deny', 'not for this use');
    else if (i % 3 !== 2) await as(TEAMS[i % TEAMS.length]).decideAccess(request.id, 'approve', 'fits');
  }
  const erasure = await as(undefined).requestErasure({ subject: 'customer=ana@example.com', reason: 'bench' });
  return { teams, privacy: privacy.secret, erasureId: erasure.id, erasureTasks: erasure.tasks.length };
}

/** Signs in through the web form (its double-submit token, then the token): the session cookie. */
async function signIn(url, token) {
  const form = await fetch(`${url}/sign-in`);
  const signInCookie = form.headers
    .getSetCookie()
    .find((c) => c.startsWith('dp_sign_in='))
    ?.split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const answer = await fetch(`${url}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: signInCookie },
    body: new URLSearchParams({ csrf, token, next: '/access' }),
    redirect: 'manual',
  });
  const session = answer.headers
    .getSetCookie()
    .find((c) => c.startsWith('dp_session='))
    ?.split(';')[0];
  if (answer.status !== 303 || !session) throw new Error(`signing in failed: ${answer.status} ${await answer.text()}`);
  return session;
}

/**
 * The signed-in pages under `load(url, readers, next, warmup)` (serve.bench.mjs's closed loops), each a
 * function that measures it: each reader signs in as a team of its own (the privacy office for erasure
 * pages) and asks again and again.
 */
export async function controlReaders(url, control, load, readers, products) {
  const sessions = [];
  for (let r = 0; r < readers; r += 1) sessions.push(await signIn(url, control.teams[TEAMS[r % TEAMS.length]]));
  const privacy = await signIn(url, control.privacy);
  const rand = (n) => Math.floor(Math.random() * n);
  const get = (path, cookie) => async (connection, w) => {
    const r = await connection.request('GET', path(w), undefined, { cookie: cookie(w) });
    return { ok: r.status === 200 && r.body.length > 0, ms: r.ms };
  };
  const own = (w) => sessions[w];
  return {
    productPage: () =>
      load(
        url,
        readers,
        get(() => `/products/product-${rand(products)}`, own),
        1,
      ),
    accessPage: () =>
      load(
        url,
        readers,
        get(() => '/access', own),
        1,
      ),
    queuePage: () =>
      load(
        url,
        readers,
        get(() => '/access/queue', own),
        1,
      ),
    erasurePage: () =>
      load(
        url,
        readers,
        get(
          () => `/erasure/${control.erasureId}`,
          () => privacy,
        ),
        1,
      ),
  };
}

/** One signed-in page as a check: a reader's product page shows its session, never another's. */
export async function checkSignedIn(url, control) {
  const connection = new Connection(url);
  try {
    const cookie = await signIn(url, control.teams['team-1']);
    const page = (await connection.request('GET', '/products/product-0', undefined, { cookie })).body.toString('utf8');
    const anonymous = (await connection.request('GET', '/products/product-0', undefined, {})).body.toString('utf8');
    return page.includes('team team-1') && page.includes('request-access') && !anonymous.includes('request-access') && !anonymous.includes('team team-1');
  } finally {
    connection.close();
  }
}
