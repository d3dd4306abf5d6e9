// Slow clients for the attack and limits benchmarks: raw sockets that send a
// request's head, then trickle the rest a byte at a time until the server
// closes the connection.
import { connect } from 'node:net';

/**
 * One slow client: sends `head`, then a byte of `trickle` every `everyMs`. `closed` resolves when
 * the server closed the connection: how long it lived and the first line of what it answered.
 */
export function slowClient(url, head, trickle = 'a', everyMs = 200) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const started = Date.now();
  let received = '';
  let timer;
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  socket.on('connect', () => {
    socket.write(head);
    if (trickle) timer = setInterval(() => socket.write(trickle), everyMs);
  });
  const closed = new Promise((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, firstLine: received.split('\r\n')[0] });
    }),
  );
  return { socket, closed };
}

/** The heads of the three kinds of slow clients: a body trickled after a valid token, headers trickled, nothing at all. */
export function slowHeads(token) {
  return [
    [
      `POST /api/publish HTTP/1.1\r\nHost: dp\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: 100000\r\n\r\n{"candidates": [`,
      'a',
    ],
    ['GET / HTTP/1.1\r\nHost: dp\r\nX-Slow: ', 'x'],
    ['', ''],
  ];
}
