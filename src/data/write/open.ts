/** The writer of a server type, for the control commands; types dp cannot write to are named, never skipped in silence. */
import type { Server } from '../../descriptor/model.js';
import { DataError } from '../connectors/connector.js';
import type { WriterOptions } from './postgres.js';
import type { EngineWriter } from './writer.js';

export const WRITABLE_TYPES = ['local', 'duckdb', 'postgres', 'postgresql'];

export function writable(server: Server): boolean {
  return WRITABLE_TYPES.includes(String(server.type).toLowerCase());
}

export async function openWriter(server: Server, options: WriterOptions): Promise<EngineWriter> {
  const type = String(server.type).toLowerCase();
  if (type === 'local') return (await import('./files.js')).FilesWriter.open(server, options);
  if (type === 'duckdb') return (await import('./duckdb.js')).DuckDBWriter.open(server, options);
  if (type === 'postgres' || type === 'postgresql') return (await import('./postgres.js')).PostgresWriter.open(server, options);
  throw new DataError(
    'config',
    `dp cannot delete rows on server \`${server.server}\` of type ${String(server.type)} (it writes to ${WRITABLE_TYPES.join(', ')})`,
  );
}
