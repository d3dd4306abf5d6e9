// An attack on `dp catalog serve` as an outsider and as a malicious team would
// try it, by class: authentication bypass, cross-team publishing and takeover,
// a cache and memory flood, slow clients, oversized and malformed bodies,
// tokens in query strings, path tricks in ids, XSS payloads in fields shown on
// pages. Each attempt knows what holding means (the answer, and the catalog
// after it); the run prints attempts and what held per class, and the figures
// of the flood and the slow clients.
//
// node bench/run.mjs attack (after npm run build). ATTACK_FLOOD sets the number of junk URLs (100,000).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { flood, rssMb } from './flood.bench.mjs';
import { DP, NODE, record, scratch, section, startDpServer } from './lib.mjs';
import { contract, descriptor } from './mesh.mjs';
import { slowClient, slowHeads } from './slow-clients.mjs';

const FLOOD = Number(process.env.ATTACK_FLOOD ?? 100_000);
const PRODUCTS = 20;
const CACHE_MB = 16;
const MARGIN_MB = 64;

function dp(args, cwd) {
  const r = spawnSync(NODE, [DP, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`dp ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const tokenOf = (catalog, cwd, scope) => JSON.parse(dp(['catalog', 'token', 'create', '--catalog', catalog, '--json', ...scope], cwd));

/** A publish request for product `i` (of bench/mesh.mjs), its descriptor changed by `mutate`. */
function offer(i, mutate = () => {}, extra = {}) {
  const value = parse(descriptor(i));
  const contracts = ['daily', 'events'].map((p) => ({ file: `contracts/${p}.odcs.yaml`, value: parse(contract(i, p)) }));
  mutate(value, contracts);
  const documents = {
    descriptor: { file: 'dataproduct.odps.yaml', text: stringify(value) },
    contracts: contracts.map((c) => ({ file: c.file, text: stringify(c.value) })),
  };
  return { candidates: [{ source: `product-${i}`, documents }], ...extra };
}

async function call(url, path, { token, body, raw, type = 'application/json', method, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = token.startsWith('Basic ') || token.includes(' ') ? token : `Bearer ${token}`;
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined && type) h['content-type'] = type;
  const r = await fetch(`${url}${path}`, { method: method ?? (payload === undefined ? 'GET' : 'POST'), headers: h, body: payload, redirect: 'manual' });
  const text = await r.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML or nothing
  }
  return { status: r.status, text, json };
}

/** A GET of `path` exactly as written, without the client normalising it. */
function rawGet(url, path) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}/`, { path }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (c) => (text += c));
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    request.on('error', reject);
  });
}

/** Attempts by class: each a name and whether it held. */
class Tally {
  constructor() {
    this.classes = new Map();
  }

  add(cls, name, held, detail = '') {
    if (!this.classes.has(cls)) this.classes.set(cls, []);
    this.classes.get(cls).push({ name, held, detail });
  }

  print() {
    for (const [cls, attempts] of this.classes) {
      const failed = attempts.filter((a) => !a.held);
      console.log(`  ${cls.padEnd(44)} ${String(attempts.length).padStart(7)} attempts, ${failed.length === 0 ? 'all held' : `${failed.length} NOT held`}`);
      for (const f of failed.slice(0, 10)) console.log(`      not held: ${f.name} ${f.detail}`);
      record(`attack: ${cls}`, attempts.length, failed.length === 0);
    }
  }
}

async function authentication(t, url, tokens) {
  const cls = 'authentication bypass';
  const forged = `dpt_${'A'.repeat(43)}`;
  const headers = {
    'no token': undefined,
    'empty bearer': 'Bearer ',
    'forged token of the right shape': forged,
    'revoked token': tokens.revoked,
    'a valid token, one character short': tokens.team0.slice(0, -1),
    'a valid token, one character more': `${tokens.team0}x`,
    'a valid token in upper case': tokens.team0.toUpperCase(),
    'the sha256 of a valid token (a stolen hash)': tokens.team0Hash,
    'SQL in the token': "Bearer ' OR 1=1 --",
    'unknown scheme with a valid token': `Token ${tokens.team0}`,
    'Basic without a colon': `Basic ${Buffer.from(tokens.team0).toString('base64')}`,
    'Basic with a forged password': `Basic ${Buffer.from(`x:${forged}`).toString('base64')}`,
  };
  for (const [name, token] of Object.entries(headers)) {
    const r = await call(url, '/api/publish', { token, body: offer(0, (d) => (d.version = '1.0.9')) });
    t.add(cls, `publish: ${name}`, r.status === 401, `got ${r.status}`);
    const read = await call(url, '/api/products', { token });
    t.add(cls, `read under --auth-reads: ${name}`, read.status === 401, `got ${read.status}`);
  }
  const paths = [
    '/',
    '/products/product-0',
    '/mesh',
    '/api/products',
    '/api/products/product-0',
    '/api/products/product-0/versions',
    '/api/products/product-0/versions/1.0.0',
    '/api/products/product-0/consumers',
    '/api/products/product-0/upstream',
    '/api/edges',
    '/api/facets',
    '//api/products',
    '/api/products/',
    '/API/products',
    '/api/products?',
    '/healthz/../api/products',
    '/assets/../api/products',
    '/assets/%2e%2e/api/products',
    '/api/products%00',
    '/readyz/../api/products',
    '/favicon.ico/../api/products',
    '/api/openapi.json/../../api/products',
  ];
  for (const path of paths) {
    const r = await call(url, path);
    const leaked = r.status === 200 && /product-0|"items"/.test(r.text);
    t.add(cls, `read without a token: ${path}`, !leaked && [400, 401, 404].includes(r.status), `got ${r.status}`);
  }
  const ready = await call(url, '/readyz');
  t.add(
    cls,
    '/readyz without a token tells nothing of the catalog',
    ready.status === 200 && !/cache|entries|connections/.test(ready.text),
    ready.text.slice(0, 80),
  );
  const catalogUnchanged = (await call(url, '/api/products/product-0', { token: tokens.team0 })).json?.version === '1.0.0';
  t.add(cls, 'product-0 still at 1.0.0 after the forged publishes', catalogUnchanged);
}

async function takeover(t, url, tokens, dpCwd) {
  const cls = 'cross-team publish and takeover';
  const other = tokens.team1; // team-1 attacks product-0 of team-0
  const toTeam = (team) => (d) => {
    d.version = '99.0.0';
    d.team.name = team;
    d.support = [{ channel: '#help', url: 'https://phishing.example.net/login', tool: 'other' }];
  };
  const attempts = {
    "another team's product, its team unchanged": [other, offer(0, (d) => (d.version = '1.0.1'))],
    'renamed to the attacking team (takeover)': [other, offer(0, toTeam('team-1'))],
    'takeover with transferOwnership': [other, offer(0, toTeam('team-1'), { transferOwnership: true })],
    'takeover as a dry run': [other, offer(0, toTeam('team-1'), { dryRun: true })],
    'takeover with the team name in another case': [other, offer(0, toTeam('Team-1'))],
    'takeover with a trailing space in the team name': [other, offer(0, toTeam('team-1 '))],
    'same version, other content': [other, offer(0, (d) => (d.description.purpose = 'Hijacked.'))],
    'the owner giving the product away without an admin': [tokens.team0, offer(0, toTeam('team-1'), { transferOwnership: true })],
    'a new product naming another team': [other, offer(40, (d) => (d.id = 'product-new-attack'))],
  };
  for (const [name, [token, body]] of Object.entries(attempts)) {
    const r = await call(url, '/api/publish', { token, body });
    t.add(cls, name, [403, 409, 422].includes(r.status), `got ${r.status}`);
  }
  // Its own product and a takeover in one request: the takeover is refused.
  const mixed = offer(1, (d) => (d.version = '1.0.1'));
  mixed.candidates.push(...offer(0, toTeam('team-1')).candidates);
  const m = await call(url, '/api/publish', { token: other, body: mixed });
  t.add(cls, 'a takeover hidden in a request with its own product', m.status === 403, `got ${m.status}`);
  const cli = spawnSync(NODE, [DP, 'publish', join(dpCwd, 'takeover', 'product-0'), '--catalog', url, '--transfer-ownership'], {
    cwd: dpCwd,
    encoding: 'utf8',
    env: { ...process.env, DP_CATALOG_TOKEN: other },
  });
  t.add(
    cls,
    'dp publish --transfer-ownership with a team token',
    cli.status === 1 && /not-owner|may not publish|owned by/.test(cli.stdout + cli.stderr),
    `exit ${cli.status}`,
  );
  const head = (await call(url, '/api/products/product-0')).json;
  t.add(
    cls,
    'product-0 still owned by team-0, no phishing link, no version 99',
    head?.team === 'team-0' && !/phishing/.test(JSON.stringify(head)) && head.version !== '99.0.0',
  );
}

async function bodies(t, url, token) {
  const cls = 'oversized and malformed bodies';
  const big = offer(0, (d) => (d.description.purpose = 'x'.repeat(2_000_000)));
  const many = {
    candidates: Array.from({ length: 501 }, () => ({ documents: { descriptor: { file: 'dataproduct.odps.yaml', text: 'a: 1' }, contracts: [] } })),
  };
  const contracts = offer(0);
  contracts.candidates[0].documents.contracts = Array.from({ length: 101 }, (_, i) => ({ file: `contracts/c${i}.odcs.yaml`, text: 'a: 1' }));
  const yamlBomb =
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
  const withText = (text) => ({ candidates: [{ documents: { descriptor: { file: 'dataproduct.odps.yaml', text }, contracts: [] } }] });
  const cases = {
    'a 2 MB body': [{ body: big }, [413]],
    '501 products': [{ body: many }, [400]],
    '101 contracts': [{ body: contracts }, [400]],
    'invalid JSON': [{ raw: '{"candidates": [' }, [400]],
    'an empty body': [{ raw: '' }, [400]],
    'JSON nested 100,000 deep': [{ raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, [400]],
    '__proto__ in the body': [{ raw: `{"__proto__": {"admin": true}, "candidates": ${JSON.stringify(offer(0).candidates)}}` }, [400]],
    'constructor.prototype in the body': [{ raw: `{"constructor": {"prototype": {"admin": true}}, "candidates": []}` }, [400]],
    'text/plain': [{ raw: JSON.stringify(offer(0)), type: 'text/plain' }, [415]],
    'a form': [{ raw: 'candidates=1', type: 'application/x-www-form-urlencoded' }, [415]],
    'no content type': [{ raw: JSON.stringify(offer(0)), type: '' }, [415]],
    'gzip content encoding': [{ raw: JSON.stringify(offer(0)), headers: { 'content-encoding': 'gzip' } }, [415]],
    'a YAML alias bomb in a document': [{ body: withText(yamlBomb) }, [422]],
    'YAML nested 1,000 deep': [
      { body: withText(`${'a:\n'.split('').join('')}${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`) },
      [422],
    ],
    'binary in a document': [{ body: withText('\u0000\u0001\u0002\uFFFD\uD800') }, [400, 422]],
    'a document text that is a number': [
      { raw: '{"candidates": [{"documents": {"descriptor": {"file": "dataproduct.odps.yaml", "text": 5}, "contracts": []}}]}' },
      [400, 422],
    ],
  };
  for (const [name, [init, expected]] of Object.entries(cases)) {
    const r = await call(url, '/api/publish', { token, ...init });
    t.add(cls, name, expected.includes(r.status), `got ${r.status}`);
  }
  t.add(cls, 'the server still answers', (await call(url, '/healthz')).status === 200);
}

async function queryTokens(t, url, tokens, log) {
  const cls = 'tokens in query strings';
  const token = tokens.team0;
  const paths = [
    `/api/products?token=${token}`,
    `/api/products?access_token=${token}`,
    `/?q=a&api_key=${token}`,
    `/products/${token}`,
    `/api/products/x?t=${token.replace('_', '%5F')}`,
    `/mesh?password=hunter2secret`,
    `/api/products?Authorization=Bearer%20${token}`,
    `/assets/${token}`,
  ];
  for (const path of paths) {
    const r = await call(url, path, { token });
    t.add(cls, path.replace(token, 'dpt_…'), r.status === 400, `got ${r.status}`);
  }
  await new Promise((r) => setTimeout(r, 200));
  t.add(cls, 'the request log holds none of them', !log().includes(token.slice(4)) && !log().includes('hunter2secret'));
}

async function pathTricks(t, url, token) {
  const cls = 'path tricks in ids';
  const ids = [
    '../../etc/passwd',
    '..',
    'a/b',
    'a\\b',
    '%2e%2e',
    '.hidden',
    'x\u0000y',
    'product-0/../product-1',
    'a'.repeat(300),
    '<script>',
    'con',
    ' product-0',
  ];
  for (const id of ids) {
    const r = await call(url, '/api/publish', { token, body: offer(0, (d) => (d.id = id)) });
    t.add(cls, `publish id ${JSON.stringify(id).slice(0, 40)}`, r.status === 422 || r.status === 400, `got ${r.status}`);
  }
  const files = [
    'contracts/../../x.odcs.yaml',
    '/etc/passwd',
    'contracts/a/b.odcs.yaml',
    '../dataproduct.odps.yaml',
    'contracts/..odcs.yaml',
    'contracts/x.odcs.yaml\u0000.txt',
  ];
  for (const file of files) {
    const body = offer(0, (d) => (d.version = '1.0.5'));
    body.candidates[0].documents.contracts[0].file = file;
    const r = await call(url, '/api/publish', { token, body });
    t.add(cls, `contract file ${JSON.stringify(file)}`, r.status === 400, `got ${r.status}`);
  }
  const gets = [
    '/products/..%2F..%2Fetc%2Fpasswd',
    '/products/%2e%2e',
    '/products/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/api/products/..%2f..%2fetc%2fpasswd/versions',
    '/assets/..%2f..%2fpackage.json',
    '/assets/../../etc/passwd',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/products/product-0%2F..%2Fproduct-1',
    '/api/products/product-0/versions/..%2F..%2F..%2Fetc%2Fpasswd',
    '/mesh?around=../../etc/passwd',
  ];
  for (const path of gets) {
    // Sent as written (fetch would resolve the dot segments first).
    const r = await rawGet(url, path);
    const leaked = /root:.*:0:0:|"devDependencies"|"dependencies"/.test(r.text);
    const nothing = [400, 404].includes(r.status) || (r.status === 200 && /^\{"items":\[\]\}$/.test(r.text));
    t.add(cls, `GET ${path}`, nothing && !leaked, `got ${r.status}`);
  }
}

/** Payloads, each with its own marker, and where they go in a version of product-0. */
const PAYLOADS = [
  (n) => `<script>alert('xss${n}')</script>`,
  (n) => `"><img src=x onerror=alert('xss${n}')>`,
  (n) => `</style></textarea><svg onload=alert('xss${n}')>`,
  (n) => `' onmouseover='alert("xss${n}")`,
];
const FIELDS = [
  ['name', (d, p) => (d.name = p)],
  ['purpose', (d, p) => (d.description.purpose = p)],
  ['usage', (d, p) => (d.description.usage = p)],
  ['limitations', (d, p) => (d.description.limitations = p)],
  ['tag', (d, p) => d.tags.push(p)],
  ['support channel', (d, p) => (d.support[0].channel = p)],
  ['team member', (d, p) => (d.team.members[0].username = p)],
  ['field description', (d, p, c) => (c[1].value.schema[0].properties[2].description = p)],
  ['table description', (d, p, c) => (c[1].value.schema[0].description = p)],
  ['contract name', (d, p, c) => (c[1].value.name = p)],
  ['server database', (d, p, c) => (c[1].value.servers[0].database = p)],
  ['role', (d, p, c) => (c[1].value.roles[0].role = p)],
];
const UNSAFE = /<script>alert\('xss|<img src=x onerror|<svg onload|' onmouseover='|href="javascript:/;

async function xss(t, url, token) {
  const cls = 'XSS payloads in fields shown on pages';
  let version = 10;
  let shownVersions = 0;
  for (const [i, payload] of PAYLOADS.entries()) {
    const body = offer(0, (d, c) => {
      d.version = `1.${version}.0`;
      d.support[0].url = `javascript:alert('xss-link${i}')`;
      for (const [f, [, set]] of FIELDS.entries()) set(d, payload(`${i}-${f}`), c);
    });
    const r = await call(url, '/api/publish', { token, body });
    version += 1;
    if (r.status !== 200) {
      console.log(`  XSS payload ${i} not published (${r.status}): ${r.text.slice(0, 300)}`);
      t.add(cls, `publish payload ${i}`, true, `refused by validation (${r.status}): nothing to show`);
      continue;
    }
    shownVersions += 1;
    const pages = {
      'product page': await call(url, '/products/product-0'),
      'version page': await call(url, `/products/product-0?version=1.${version - 1}.0`),
      'home search': await call(url, `/?q=${encodeURIComponent('product')}`),
      mesh: await call(url, '/mesh?around=product-0'),
    };
    for (const [page, answer] of Object.entries(pages)) {
      for (const [f, [field]] of FIELDS.entries()) {
        const marker = `xss${i}-${f}`;
        const shown = answer.text.includes(marker);
        const unsafe = answer.text.split('\n').some((line) => line.includes(marker) && UNSAFE.test(line));
        if (shown || page === 'product page') t.add(cls, `${field} payload ${i} on the ${page}`, !unsafe, shown ? '' : '(not shown)');
      }
      t.add(cls, `javascript: link on the ${page}`, !answer.text.includes('href="javascript:'));
    }
  }
  console.log(`  XSS: ${shownVersions} of ${PAYLOADS.length} versions with payloads in ${FIELDS.length} fields published and read back on 4 pages`);
  for (const [i, payload] of PAYLOADS.entries()) {
    for (const path of [
      `/?q=${encodeURIComponent(payload(`r${i}`))}`,
      `/products/${encodeURIComponent(payload(`r${i}`))}`,
      `/mesh?around=${encodeURIComponent(payload(`r${i}`))}`,
      `/nothing/${encodeURIComponent(payload(`r${i}`))}`,
    ]) {
      const r = await call(url, path, { headers: { accept: 'text/html' } });
      t.add(cls, `reflected: ${path.slice(0, 30)}`, !UNSAFE.test(r.text), `got ${r.status}`);
    }
  }
}

async function slowClients(t, url, token) {
  const cls = 'slow clients';
  const heads = slowHeads(token);
  const clients = Array.from({ length: 300 }, (_, i) => slowClient(url, ...heads[i % heads.length]));
  await new Promise((r) => setTimeout(r, 1000));
  const started = Date.now();
  const normal = await call(url, '/api/products/product-0');
  const ms = Date.now() - started;
  t.add(cls, 'a normal client among 300 slow ones', normal.status === 200 && ms < 1000, `${ms} ms`);
  const lives = await Promise.all(clients.map((c) => c.closed));
  for (const [i, life] of lives.entries()) t.add(cls, `slow client ${i}`, life.ms < 8000, `lived ${life.ms} ms`);
  const sorted = lives.map((l) => l.ms).sort((a, b) => a - b);
  console.log(
    `  slow clients: a normal request answered in ${ms} ms among them; lives ${sorted[0]}-${sorted[sorted.length - 1]} ms (median ${sorted[150]} ms)`,
  );
}

async function memoryFlood(t, url, pid) {
  const cls = 'cache and memory flood';
  const base = rssMb(pid);
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const counts = await flood(url, FLOOD, 32);
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  const errors = Object.values(counts).reduce(
    (n, statuses) =>
      n +
      Object.entries(statuses)
        .filter(([s]) => !['200', '404'].includes(s))
        .reduce((a, [, c]) => a + c, 0),
    0,
  );
  const held = peak <= base + CACHE_MB + MARGIN_MB;
  for (let i = 0; i < FLOOD; i += 1) t.add(cls, 'junk URL', held && errors === 0);
  if (errors > 0) console.log(JSON.stringify(counts));
  console.log(
    `  flood: ${FLOOD} junk URLs, resident memory ${base.toFixed(0)} MB before, ${peak.toFixed(0)} MB at the peak (bound ${(base + CACHE_MB + MARGIN_MB).toFixed(0)} MB), ${errors} answers other than 200 or 404`,
  );
}

export async function run() {
  section('attack on the catalog server: attempts per class, and what held');
  const { dir, cleanup } = scratch('attack');
  try {
    const catalog = join(dir, 'catalog.db');
    spawnSync(NODE, [new URL('./mesh.mjs', import.meta.url).pathname, join(dir, 'mesh'), String(PRODUCTS)], { stdio: 'ignore' });
    dp(['publish', 'mesh', '--catalog', catalog], dir);
    spawnSync(NODE, [new URL('./mesh.mjs', import.meta.url).pathname, join(dir, 'takeover'), '1'], { stdio: 'ignore' });
    const tokens = { team0: tokenOf(catalog, dir, ['--team', 'team-0']).token, team1: tokenOf(catalog, dir, ['--team', 'team-1']).token };
    const revoked = tokenOf(catalog, dir, ['--team', 'team-0']);
    dp(['catalog', 'token', 'revoke', revoked.id, '--catalog', catalog], dir);
    tokens.revoked = revoked.token;
    tokens.team0Hash = createHash('sha256').update(tokens.team0).digest('hex');
    const t = new Tally();
    const servers = {
      // Reads need a token: every read and publish without a valid one is tried.
      guarded: ['--quiet', '--auth-reads', '--catalog', catalog],
      // Request logs on: no token may reach them.
      logging: ['--catalog', catalog],
      // Small limits, to be filled: the cache and the connections.
      limited: [
        '--quiet',
        '--catalog',
        catalog,
        '--cache-size',
        String(CACHE_MB),
        '--max-connections',
        '256',
        '--header-timeout',
        '3',
        '--body-timeout',
        '3',
        '--request-timeout',
        '10',
      ],
    };
    const runs = {
      guarded: (s) => authentication(t, s.url, tokens),
      logging: async (s) => {
        await takeover(t, s.url, tokens, dir);
        await bodies(t, s.url, tokens.team0);
        await queryTokens(t, s.url, tokens, s.stderr);
        await pathTricks(t, s.url, tokens.team0);
        await xss(t, s.url, tokens.team0);
      },
      limited: async (s) => {
        await slowClients(t, s.url, tokens.team0);
        await memoryFlood(t, s.url, s.pid);
      },
    };
    for (const [name, args] of Object.entries(servers)) {
      const server = await startDpServer(args, DP, name === 'logging');
      try {
        await runs[name](server);
      } finally {
        await server.stop();
      }
    }
    t.print();
  } finally {
    cleanup();
  }
}
