// A loopback HTTP server standing in for a registry, on a port of its own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  /** http://127.0.0.1:<port> */
  url: string;
  close: () => Promise<void>;
}

export async function serve(handler: http.RequestListener): Promise<Loopback> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
