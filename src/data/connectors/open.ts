/** The connector of a server type; types dp cannot test yet are named, never treated as passed. */
import type { Server } from '../../descriptor/model.js';
import type { ObjectPlan } from '../plan.js';
import type { Connector, ConnectorOptions } from './connector.js';

export const TESTABLE_TYPES = ['local', 'duckdb', 'postgres', 'postgresql'];

export function testable(server: Server): boolean {
  return TESTABLE_TYPES.includes(String(server.type).toLowerCase());
}

export async function openConnector(server: Server, plans: ObjectPlan[], options: ConnectorOptions): Promise<Connector> {
  const type = String(server.type).toLowerCase();
  if (type === 'local' || type === 'duckdb') {
    const { DuckDBConnector } = await import('./duckdb.js');
    return DuckDBConnector.open({ ...server, type }, plans, options);
  }
  const { PostgresConnector } = await import('./postgres.js');
  return PostgresConnector.open(server, options);
}
