// A lean HTTP/1.1 client for the load benchmarks: one kept-alive socket per
// simulated user, requests written by hand, answers parsed just enough to find
// their end (Content-Length or chunked). node's http client costs about as
// much CPU per request as the server's answer to /healthz, and on a 2-core
// machine the load generator shares the cores with the server: a heavy client
// would measure itself. Latency is from writing the request to the last byte
// of the answer, as before.
import { connect } from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

/** Where the answer in `buf` ends, or -1 when more bytes are needed. */
function answerEnd(buf) {
  const head = buf.indexOf(HEADER_END);
  if (head < 0) return -1;
  const headers = buf.toString('latin1', 0, head);
  const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
  if (length) {
    const end = head + 4 + Number(length[1]);
    return buf.length >= end ? end : -1;
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(headers)) return head + 4;
  let at = head + 4;
  for (;;) {
    const line = buf.indexOf('\r\n', at, 'latin1');
    if (line < 0) return -1;
    const size = parseInt(buf.toString('latin1', at, line), 16);
    at = line + 2 + size + 2;
    if (buf.length < at) return -1;
    if (size === 0) return at;
  }
}

/** One connection that sends one request at a time. */
export class Connection {
  constructor(url) {
    const { hostname, port } = new URL(url);
    this.host = `${hostname}:${port}`;
    this.socket = connect({ host: hostname, port: Number(port), noDelay: true });
    this.chunks = [];
    this.size = 0;
    this.pending = undefined;
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  onData(chunk) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const buf = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    const end = answerEnd(buf);
    if (end < 0) {
      this.chunks = [buf];
      return;
    }
    const rest = buf.subarray(end);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    const { resolve, started } = this.pending;
    this.pending = undefined;
    const status = Number(buf.toString('latin1', 9, 12));
    const headEnd = buf.indexOf(HEADER_END);
    resolve({ status, ms: Number(process.hrtime.bigint() - started) / 1e6, body: buf.subarray(headEnd + 4, end) });
  }

  fail(error) {
    const pending = this.pending;
    this.pending = undefined;
    this.closed = true;
    pending?.resolve({ status: 0, ms: Number(process.hrtime.bigint() - pending.started) / 1e6, body: Buffer.from(String(error)) });
  }

  /** `{ status, ms, body }`; status 0 when the connection failed. */
  request(method, path, body, headers = {}) {
    return new Promise((resolve) => {
      const started = process.hrtime.bigint();
      if (this.closed) return resolve({ status: 0, ms: 0, body: Buffer.from('connection closed') });
      this.pending = { resolve, started };
      let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\n`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      if (body !== undefined) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
      this.socket.write(body === undefined ? `${head}\r\n` : `${head}\r\n${body}`);
    });
  }

  close() {
    this.closed = true;
    this.socket.destroy();
  }
}
