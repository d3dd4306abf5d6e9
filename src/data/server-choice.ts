/** Which server of a contract to test: the one named, else the only one, else the development one. */
import { isDevelopmentServer, records, type Server } from '../descriptor/model.js';

export type Choice = { server: Server; reason: string } | { error: string; hint?: string };

export function chooseServer(contract: Record<string, unknown> | undefined, wanted: string | undefined): Choice {
  const servers = records<Server>(contract?.servers)
    .map(([s]) => s)
    .filter((s) => typeof s.server === 'string');
  const names = servers.map((s) => s.server);
  if (servers.length === 0)
    return {
      error: 'the contract names no server, so dp does not know where the data is',
      hint: 'add a server under `servers:` (for example `type: local` with `path` and `format`)',
    };
  if (wanted !== undefined) {
    const server = servers.find((s) => s.server === wanted);
    return server ? { server, reason: '--server' } : { error: `no server \`${wanted}\` in the contract`, hint: `its servers: ${names.join(', ')}` };
  }
  if (servers.length === 1) return { server: servers[0], reason: 'the only server' };
  const development = servers.filter((s) => isDevelopmentServer(s));
  if (development.length === 1) return { server: development[0], reason: `environment ${development[0].environment}` };
  return {
    error: `the contract has ${servers.length} servers (${names.join(', ')}) and ${development.length === 0 ? 'none is' : 'several are'} for development`,
    hint: 'choose one with --server <name>',
  };
}
