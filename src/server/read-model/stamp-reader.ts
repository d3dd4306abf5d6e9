/**
 * The freshest value of something read from elsewhere (a catalog's change
 * stamp): a caller gets a read that started after it asked, yet callers share
 * reads. A read starts on the turn of the event loop after the first caller
 * asked (setImmediate), so every request that arrives in one turn shares it:
 * twenty requests read the stamp once, not twenty times. At most one read is
 * in flight; those who ask meanwhile share the next one.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isLaterStamp } from '../../catalog/stamps.js';

/** Whether stamp `a` is of a later state than `b` (src/catalog/stamps.ts). */
export const isLater = isLaterStamp;

export class StampReader {
  private inflight?: Promise<string>;
  /** The next read, not started yet: whoever asks before it starts shares it. */
  private next?: Promise<string>;

  constructor(private readonly read: () => Promise<string>) {}

  current(): Promise<string> {
    this.next ??= this.start(this.inflight);
    return this.next;
  }

  private async start(previous: Promise<string> | undefined): Promise<string> {
    await previous?.catch(() => undefined);
    await nextTurn();
    // Whoever asks from now on needs a read that starts later than this one.
    this.next = undefined;
    const read = this.read();
    this.inflight = read;
    try {
      return await read;
    } finally {
      if (this.inflight === read) this.inflight = undefined;
    }
  }
}
