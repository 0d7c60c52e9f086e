// The sandboxed service listens in a network namespace with only loopback, which the verifier
// cannot connect to. A relay joins that namespace (nsenter) and serves a Unix socket in the
// throwaway root; the verifier listens on a host loopback port and forwards each connection to the
// socket. A refused connection inside comes out as a reset outside (the Unix side cannot reset, so
// the host side does), which the probes treat alike.
import net from 'node:net';
import { freePort } from '../probe.js';

/**
 * The relay, run by node inside the namespace: `node -e RELAY <socket> <port>`. Ends after the verifier
 * closes its stdin.
 */
export const RELAY_SCRIPT = `
const net = require('node:net');
const [socket, port] = process.argv.slice(1);
const server = net.createServer((s) => {
  const c = net.connect(Number(port), '127.0.0.1');
  s.pipe(c).pipe(s);
  c.on('error', () => s.destroy());
  s.on('error', () => c.destroy());
  c.on('close', () => s.destroy());
});
server.on('error', (error) => {
  process.stderr.write(String(error) + '\\n');
  process.exit(1);
});
server.listen(socket, () => process.stdout.write('listening\\n'));
// Stdin closed (the verifier is done with this service, or gone): no new connections; exit once
// the open ones have ended, within 5 s.
process.stdin.on('close', () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000);
});
process.stdin.resume();
`;

/** Forwards connections on a host loopback port to a Unix socket; tries other ports when one is taken. */
export async function forward(socket: string, port: number): Promise<{ port: number; close(): void }> {
  for (let attempt = 0; ; attempt++) {
    const server = net.createServer((s) => {
      const c = net.connect(socket);
      s.pipe(c).pipe(s);
      // The relay closes the socket without a byte when the service refused: a reset, as a refused port gives.
      let answered = false;
      c.once('data', () => (answered = true));
      c.on('error', () => s.resetAndDestroy());
      c.on('end', () => answered || s.resetAndDestroy());
      s.on('error', () => c.destroy());
      c.on('close', () => s.destroy());
    });
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) {
      server.unref();
      return { port, close: () => server.close() };
    }
    if (attempt >= 3) throw new Error(`cannot listen on 127.0.0.1:${port}`);
    port = await freePort();
  }
}
