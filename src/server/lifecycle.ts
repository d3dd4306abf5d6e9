/** Starting and stopping the server: listening with clear errors, and a graceful shutdown on SIGTERM or SIGINT. */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { DpError } from '../errors.js';

/** How long requests in flight may take to finish once shutdown begins. */
export const DRAIN_TIMEOUT_MS = 10_000;

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Listens and gives the URL actually bound (the port chosen when 0 was asked). */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new DpError('usage', `port ${port} on ${host} is already in use`, { hint: 'choose another --port, or 0 for any free port', cause: error });
    if (code === 'EACCES')
      throw new DpError('usage', `not allowed to listen on ${host}:${port}`, {
        hint: 'ports below 1024 need privileges; choose a port above 1024',
        cause: error,
      });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new DpError('usage', `cannot listen on ${host}: no such local address`, {
        hint: 'use 127.0.0.1, 0.0.0.0 or an address of this machine',
        cause: error,
      });
    throw error;
  }
  return urlOf(app.server.address() as AddressInfo);
}

/** Resolves once a signal arrived and the server closed (requests in flight finished, or the drain timed out). */
export function waitForShutdown(app: FastifyInstance, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<NodeJS.Signals> {
  return new Promise((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of signals) process.removeListener(s, onSignal);
      // A second signal during the drain ends the waiting at once.
      const force = () => app.server.closeAllConnections();
      for (const s of signals) process.once(s, force);
      const timer = setTimeout(force, DRAIN_TIMEOUT_MS);
      timer.unref();
      app.close().then(() => {
        clearTimeout(timer);
        for (const s of signals) process.removeListener(s, force);
        resolve(signal);
      }, reject);
    };
    for (const s of signals) process.on(s, onSignal);
  });
}
