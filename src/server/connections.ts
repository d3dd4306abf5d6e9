/**
 * A bound on the connections one server process holds, that slow clients
 * cannot fill. Each connection is waiting (for a request, or for the rest of
 * its headers), receiving (the body of a request), or busy (its request is
 * being answered). At the limit, a new connection takes the place of the
 * connection that has been waiting or receiving for the longest time: an idle
 * kept-alive connection or a client trickling its request in, which the
 * timeouts would close anyway (src/server/timeouts.ts). Only when every
 * connection is busy is the new one refused (closed at once).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { hasBody } from './timeouts.js';

type State = 'waiting' | 'receiving' | 'busy';

interface Tracked {
  state: State;
  /** When it entered its state (epoch milliseconds). */
  since: number;
}

export interface ConnectionStats {
  open: number;
  max: number;
  /** Connections closed to make room for new ones, and new ones refused, since the start. */
  displaced: number;
  refused: number;
}

export class ConnectionLimit {
  private readonly sockets = new Map<Socket, Tracked>();
  private displaced = 0;
  private refused = 0;

  constructor(
    private readonly max: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Tracks the connections of `server` from now on. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (request: IncomingMessage, response: ServerResponse) => this.follow(request, response));
  }

  private set(socket: Socket, state: State): void {
    const tracked = this.sockets.get(socket);
    if (tracked) {
      tracked.state = state;
      tracked.since = this.clock();
    }
  }

  admit(socket: Socket): void {
    if (this.sockets.size >= this.max && !this.makeRoom()) {
      this.refused += 1;
      socket.destroy();
      return;
    }
    this.sockets.set(socket, { state: 'waiting', since: this.clock() });
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Closes the connection waiting or receiving for the longest time; false when all are busy. */
  private makeRoom(): boolean {
    let oldest: [Socket, Tracked] | undefined;
    for (const entry of this.sockets) {
      if (entry[1].state !== 'busy' && (!oldest || entry[1].since < oldest[1].since)) oldest = entry;
    }
    if (!oldest) return false;
    this.sockets.delete(oldest[0]);
    oldest[0].destroy();
    this.displaced += 1;
    return true;
  }

  private follow(request: IncomingMessage, response: ServerResponse): void {
    const socket = request.socket;
    let received = !hasBody(request);
    this.set(socket, received ? 'busy' : 'receiving');
    if (!received) {
      request.once('end', () => {
        received = true;
        this.set(socket, 'busy');
      });
    }
    response.once('finish', () => this.set(socket, received ? 'waiting' : 'receiving'));
  }

  get stats(): ConnectionStats {
    return { open: this.sockets.size, max: this.max, displaced: this.displaced, refused: this.refused };
  }
}
