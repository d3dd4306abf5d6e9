/**
 * How long a client may take, so that slow or silent clients cannot hold the
 * server's connections (docs/server.md, Limits):
 *
 * - header timeout: the request line and headers arrive within it, counted
 *   from the request's first byte (node's `headersTimeout`);
 * - body timeout: a request body arrives within it, counted from the end of
 *   its headers, however slowly it trickles in (a timer per request with a
 *   body); a client still sending gets 408 and its connection is closed;
 * - idle timeout: a connection on which no byte moves either way for that
 *   long is closed, between requests (keep-alive) or while an answer goes out
 *   (a client that stops reading it); while the server works on an answer,
 *   the request timeout applies instead;
 * - request timeout: the bound on a whole request: it is received within it
 *   (node's `requestTimeout`), and a read is answered within it (503).
 *
 * Node checks the first two every `connectionsCheckingInterval` (30 s by
 * default, a second here) so that they hold to about a second.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Timeouts {
  headerMs: number;
  bodyMs: number;
  idleMs: number;
  requestMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { headerMs: 10_000, bodyMs: 30_000, idleMs: 30_000, requestMs: 120_000 };

/** What node answers when the whole request did not arrive in time, written here for a body that did not. */
const REQUEST_TIMEOUT_ANSWER = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** The HTTP server with the header, idle and request timeouts (for fastify's `serverFactory`). */
export function httpServerWith(timeouts: Timeouts): (handler: Handler) => Server {
  return (handler) => {
    const server = createServer(
      {
        headersTimeout: timeouts.headerMs,
        requestTimeout: Math.max(timeouts.requestMs, timeouts.headerMs),
        keepAliveTimeout: timeouts.idleMs,
        connectionsCheckingInterval: Math.min(1000, timeouts.headerMs),
      },
      handler,
    );
    server.setTimeout(timeouts.idleMs, (socket) => socket.destroy());
    return server;
  };
}

/**
 * An `onRequest` hook for routes that read a body: unless the body has arrived `ms` after the
 * headers, the client gets 408 and its connection is closed.
 */
export function bodyDeadline(ms: number) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const raw = request.raw;
    if (raw.complete) return done();
    const timer = setTimeout(() => {
      if (raw.complete || reply.raw.headersSent) return;
      request.log.info({ method: request.method, url: request.url, ms }, 'request body timed out');
      const socket = raw.socket;
      socket.end(REQUEST_TIMEOUT_ANSWER, () => socket.destroy());
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    raw.once('end', clear);
    raw.once('close', clear);
    reply.raw.once('close', clear);
    done();
  };
}

/**
 * While a request is being answered, its connection may stay silent up to the request timeout (the
 * server is at work, not the client); the idle timeout applies again from the answer's first bytes.
 */
export function silenceWhileAnswering(server: Server, timeouts: Timeouts): void {
  if (timeouts.requestMs > timeouts.idleMs) server.on('request', (request: IncomingMessage) => request.socket.setTimeout(timeouts.requestMs));
}

/** Whether a request has a body to receive (HTTP/1.1: a length other than 0, or a transfer encoding). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Just before an answer goes out: the connection's idle timeout again, and a close after it when the
 * request's body is still coming (nobody will read it). `complete` alone would not do: an answer sent
 * before the parser finished a bodiless request would close a connection that could be kept alive.
 */
export function beforeAnswer(request: FastifyRequest, reply: FastifyReply, timeouts: Timeouts): void {
  const socket = request.raw.socket as Partial<Socket> | undefined;
  // (fastify's inject gives a stand-in socket without timers)
  if (timeouts.requestMs > timeouts.idleMs && typeof socket?.setTimeout === 'function') socket.setTimeout(timeouts.idleMs);
  if (hasBody(request.raw) && !request.raw.complete) reply.header('Connection', 'close');
}
