/** Writers to the servers of a product's contracts, opened once per contract and server, closed together. */
import type { Server } from '../../descriptor/model.js';
import type { SourceFile } from '../../descriptor/source.js';
import { dirname } from 'node:path';
import { DataError } from '../../data/connectors/connector.js';
import { openWriter, writable } from '../../data/write/open.js';
import type { EngineWriter } from '../../data/write/writer.js';
import { DpError } from '../../errors.js';

export interface WriterSettings {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** A data error as the CLI reports it: connection and login problems exit 2 like every other. */
export function dataError(error: unknown): unknown {
  if (!(error instanceof DataError)) return error;
  return new DpError(error.kind === 'connection' || error.kind === 'auth' ? 'connection' : 'input', error.message, { hint: error.hint, cause: error });
}

export class Writers {
  private readonly open = new Map<string, Promise<EngineWriter>>();

  constructor(private readonly settings: WriterSettings) {}

  /** The writer of a contract's server (relative paths start at the contract's directory). */
  of(contract: SourceFile, server: Server): Promise<EngineWriter> {
    if (!writable(server))
      throw new DpError('input', `server ${server.server} of ${contract.display} is of type ${String(server.type)}, where dp cannot delete rows`);
    const key = `${contract.path}\u0000${server.server}`;
    let writer = this.open.get(key);
    if (!writer) {
      writer = openWriter(server, { env: this.settings.env, baseDir: dirname(contract.path), timeoutMs: this.settings.timeoutMs }).catch((error: unknown) =>
        Promise.reject(dataError(error)),
      );
      this.open.set(key, writer);
    }
    return writer;
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.open.values()].map((w) =>
        w.then(
          (x) => x.close(),
          () => undefined,
        ),
      ),
    );
  }
}
