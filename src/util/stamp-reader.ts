/**
 * The freshest value of something read from elsewhere (a catalog's change
 * stamp): a caller gets a read that started after it asked, yet concurrent
 * callers share reads, with at most one in flight and one queued.
 */
export class StampReader {
  private inflight?: Promise<string>;
  private queued?: Promise<string>;

  constructor(private readonly read: () => Promise<string>) {}

  current(): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.read().finally(() => {
        this.inflight = undefined;
      });
      return this.inflight;
    }
    this.queued ??= this.inflight
      .then(() => undefined, () => undefined)
      .then(() => {
        this.queued = undefined;
        return this.current();
      });
    return this.queued;
  }
}
