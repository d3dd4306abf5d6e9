/** The connection limit: at the limit, the connection waiting or receiving for the longest time makes room, never a busy one. */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionLimit } from '../../src/server/connections.js';

class FakeSocket extends EventEmitter {
  destroyed = false;
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
}

function setup(max: number) {
  let now = 0;
  const server = new EventEmitter();
  const limit = new ConnectionLimit(max, () => now);
  limit.attach(server as unknown as Server);
  const open = () => {
    const socket = new FakeSocket();
    server.emit('connection', socket as unknown as Socket);
    now += 1;
    return socket;
  };
  /** A request on `socket`, with a body still to come or not; gives what ends it. */
  const request = (socket: FakeSocket, body: boolean) => {
    const req = Object.assign(new EventEmitter(), { socket, headers: body ? { 'content-length': '10' } : {}, complete: false });
    const res = new EventEmitter();
    server.emit('request', req as unknown as IncomingMessage, res as unknown as ServerResponse);
    now += 1;
    return { bodyArrived: () => req.emit('end'), answered: () => res.emit('finish') };
  };
  return { limit, open, request };
}

describe('ConnectionLimit', () => {
  it('displaces the connection waiting longest when full, never one being answered', () => {
    const { limit, open, request } = setup(3);
    const busy = open();
    const idle = open();
    const slow = open();
    request(busy, false);
    request(slow, true);
    const fresh = open();
    expect([busy.destroyed, idle.destroyed, slow.destroyed, fresh.destroyed]).toEqual([false, true, false, false]);
    const another = open();
    // The slow upload has been receiving since before `fresh` connected.
    expect([busy.destroyed, slow.destroyed, fresh.destroyed, another.destroyed]).toEqual([false, true, false, false]);
    expect(limit.stats).toMatchObject({ open: 3, max: 3, displaced: 2, refused: 0 });
  });

  it('refuses a new connection when every connection is being answered, and tracks answered ones as waiting again', () => {
    const { limit, open, request } = setup(2);
    const a = open();
    const b = open();
    const ra = request(a, false);
    request(b, true).bodyArrived();
    const refused = open();
    expect(refused.destroyed).toBe(true);
    expect(limit.stats).toMatchObject({ open: 2, refused: 1, displaced: 0 });
    ra.answered();
    const next = open();
    expect([a.destroyed, b.destroyed, next.destroyed]).toEqual([true, false, false]);
    next.destroy();
    expect(limit.stats.open).toBe(1);
  });
});
