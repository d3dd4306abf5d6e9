/**
 * What an outsider without a token cannot do to `dp catalog serve`: hold its
 * connections with slow clients (timeouts, the connection limit), or grow its
 * memory with junk URLs (the answer cache's keys and budget). Real sockets
 * against the built server; `bench/flood.bench.mjs` runs the full flood.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/product.js';
import { api, createToken, dpWithToken, startServer, writeMesh, type RunningServer } from './server-harness.js';

let root: string;
let cleanup: () => void;
let catalog: string;
let token: string;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-limits-'));
  catalog = join(root, 'catalog.db');
  writeMesh(root);
  token = createToken(catalog, root, { team: 'player-team' }).token;
  const admin = createToken(catalog, root, { admin: true }).token;
  const published = dpWithToken(['publish', 'mesh', '--catalog', catalog], root, admin);
  if (published.code !== 0) throw new Error(`publishing the mesh failed:\n${published.stderr}`);
});
afterAll(() => cleanup?.());

interface SlowClient {
  socket: Socket;
  /** Resolves when the server closed the connection: how long it lived and the first line it got. */
  closed: Promise<{ ms: number; firstLine: string }>;
}

/** A client that sends `head`, then one byte of `trickle` every `everyMs` until the server closes the connection. */
function slowClient(port: number, head: string, trickle: string, everyMs = 100): SlowClient {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let received = '';
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => socket.write(trickle), everyMs);
  });
  const closed = new Promise<{ ms: number; firstLine: string }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, firstLine: received.split('\r\n')[0] });
    }),
  );
  return { socket, closed };
}

const portOf = (server: RunningServer) => Number(new URL(server.url).port);
const slowBody = (auth: string) =>
  `POST /api/publish HTTP/1.1\r\nHost: dp\r\nContent-Type: application/json\r\nAuthorization: Bearer ${auth}\r\nContent-Length: 100000\r\n\r\n{"candidates": [`;
const slowHeaders = 'GET / HTTP/1.1\r\nHost: dp\r\nX-Slow: ';

describe('slow clients', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(catalog, root, ['--header-timeout', '1', '--body-timeout', '2', '--idle-timeout', '3', '--request-timeout', '5']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('cuts off a body sent a byte at a time with 408 once the body timeout passed, also with a valid token', async () => {
    const { closed } = slowClient(portOf(server), slowBody(token), 'a');
    const { ms, firstLine } = await closed;
    expect(firstLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(4000);
    expect(server.stderr()).toMatch(/request body timed out/);
  });

  it('closes the connection right after a 401 instead of reading the rest of a slow body', async () => {
    const { ms, firstLine } = await slowClient(portOf(server), slowBody('nonsense'), 'a').closed;
    expect(firstLine).toBe('HTTP/1.1 401 Unauthorized');
    expect(ms).toBeLessThan(1000);
  });

  it('cuts off headers sent a byte at a time, and a connection that sends nothing', async () => {
    const [headers, silent] = await Promise.all([slowClient(portOf(server), slowHeaders, 'x').closed, slowClient(portOf(server), '', '', 60_000).closed]);
    for (const { ms } of [headers, silent]) expect(ms).toBeLessThan(3500);
    expect(headers.firstLine).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('keeps a connection alive after answers given before the request was fully parsed (a 404 of an unknown endpoint)', async () => {
    const socket = connect(portOf(server), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /api/nothing HTTP/1.1\r\nHost: dp\r\n\r\nGET /nothing HTTP/1.1\r\nHost: dp\r\n\r\nGET /healthz HTTP/1.1\r\nHost: dp\r\n\r\n');
    for (let i = 0; i < 50 && (received.match(/HTTP\/1\.1 /g) ?? []).length < 3; i += 1) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    expect(received.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 404', 'HTTP/1.1 404', 'HTTP/1.1 200']);
    expect(received).not.toMatch(/connection: close/i);
  });

  it('refuses a --request-timeout shorter than the header or body timeout (exit 2)', () => {
    const r = dpWithToken(['catalog', 'serve', '--catalog', catalog, '--port', '0', '--body-timeout', '60', '--request-timeout', '30'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--request-timeout \(30 s\) bounds the whole request/);
  });
});

describe('300 slow clients against a limit of 256 connections', () => {
  it('still serve a normal client at once, and are all cut off by the timeouts', async () => {
    const server = await startServer(catalog, root, [
      '--quiet',
      '--max-connections',
      '256',
      '--header-timeout',
      '4',
      '--body-timeout',
      '4',
      '--request-timeout',
      '10',
    ]);
    try {
      const port = portOf(server);
      const clients: SlowClient[] = [];
      for (let i = 0; i < 300; i += 1) clients.push(i % 2 === 0 ? slowClient(port, slowBody(token), 'a', 200) : slowClient(port, slowHeaders, 'x', 200));
      await new Promise((r) => setTimeout(r, 1000));
      const started = Date.now();
      const answer = await api(server.url, '/api/products/play-events');
      expect(answer.status).toBe(200);
      expect(answer.body.productId).toBe('play-events');
      expect(Date.now() - started).toBeLessThan(1000);
      const ready = await api(server.url, '/readyz');
      expect(ready.body.connections.max).toBe(256);
      expect(ready.body.connections.open).toBeLessThanOrEqual(256);
      expect(ready.body.connections.displaced).toBeGreaterThanOrEqual(300 + 2 - 256);
      const lives = await Promise.all(clients.map((c) => c.closed));
      // Every slow client is gone within its timeout (and the second the server takes to check), or displaced earlier.
      expect(Math.max(...lives.map((l) => l.ms))).toBeLessThan(7000);
      // The server may take a moment to see the last closes.
      let left = (await api(server.url, '/readyz')).body.connections;
      for (let i = 0; i < 20 && left.open > 2; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        left = (await api(server.url, '/readyz')).body.connections;
      }
      expect(left.open, JSON.stringify(left)).toBeLessThanOrEqual(2);
    } finally {
      await server.stop();
    }
  }, 30_000);
});

describe('a flood of junk URLs without a token', () => {
  const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  const junk = (n: number) =>
    Array.from({ length: Math.ceil(n / 10) }, () => Math.random().toString(36).slice(2, 12))
      .join('')
      .slice(0, n);
  const kinds = [
    (n: number) => `/api/products/zz/versions?j=${n}${junk(8192)}`,
    (n: number) => `/api/products/zz${n}/upstream`,
    (_n: number) => `/api/products/play-events?j=${junk(8192)}`,
    (n: number) => `/api/products?x${n}=1&offset=0&limit=3`,
    (n: number) => `/products/zz${n}?version=${junk(50)}`,
    (_n: number) => `/?q=${junk(300)}&z=${junk(4000)}`,
  ];

  it('keeps none of it, and resident memory stays within the cache budget plus a fixed margin', async () => {
    const server = await startServer(catalog, root, ['--quiet', '--cache-size', '4']);
    try {
      const pid = server.child.pid!;
      // Warm: the cache holds the product pages, and a first answer of each kind that is worth keeping.
      for (const path of ['/api/products/play-events', '/api/products?limit=3', '/api/products?limit=3&offset=0', '/api/products?offset=0&limit=3&junk=1'])
        expect((await api(server.url, path)).status).toBe(200);
      const before = (await api(server.url, '/readyz')).body.cache;
      const base = rssMb(pid);
      let next = 0;
      let peak = base;
      const total = 20_000;
      const statuses = new Map<number, number>();
      const loop = async () => {
        while (next < total) {
          const n = next++;
          const response = await fetch(`${server.url}${kinds[n % kinds.length](n)}`);
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (n % 500 === 0) peak = Math.max(peak, rssMb(pid));
        }
      };
      await Promise.all(Array.from({ length: 16 }, loop));
      peak = Math.max(peak, rssMb(pid));
      const after = (await api(server.url, '/readyz')).body.cache;
      expect([...statuses.keys()].sort()).toEqual([200, 404]);
      // Reordered parameters, defaults spelled out and unknown parameters share one key; nothing else was kept.
      expect(after.entries).toBe(before.entries);
      expect(after.bytes).toBeLessThanOrEqual(after.maxBytes);
      expect(peak - base).toBeLessThan(4 + 48);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
