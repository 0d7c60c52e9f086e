// The HTTP service: probes, optional debug endpoint and the SIGTERM drain.
// Kept free of process-wide side effects (no signal handlers, no exit) so tests can run it on port 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Config {
  port: number;
  shutdownDelayMs: number;
  shutdownTimeoutMs: number;
  debugEndpoints: boolean;
}

export type Fields = Record<string, unknown>;
export type Logger = (level: 'info' | 'warn' | 'error', msg: string, fields?: Fields) => void;

/** One JSON object per line on stdout: what log collectors in Kubernetes expect. */
export const jsonLogger: Logger = (level, msg, fields = {}) => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
};

export class ConfigError extends Error {}

export const MAX_SLOW_MS = 30_000;

function seconds(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback * 1000;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ConfigError(`${key} must be a number of seconds >= 0 (e.g. 5 or 0.5), got ${JSON.stringify(raw)}`);
  return Math.round(Number(raw) * 1000);
}

/** Reads the environment; any invalid value is a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv, defaultPort: number): Config {
  const rawPort = env.PORT;
  let port = defaultPort;
  if (rawPort !== undefined && rawPort !== '') {
    // 0 asks the kernel for a free port: handy in tests, never in a Deployment.
    if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) {
      throw new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(rawPort)}`);
    }
    port = Number(rawPort);
  }
  const debug = (env.DEBUG_ENDPOINTS ?? '').toLowerCase();
  if (!['', 'true', 'false', '1', '0'].includes(debug)) {
    throw new ConfigError(`DEBUG_ENDPOINTS must be true or false, got ${JSON.stringify(env.DEBUG_ENDPOINTS)}`);
  }
  return {
    port,
    shutdownDelayMs: seconds(env, 'SHUTDOWN_DELAY_SECONDS', 5),
    shutdownTimeoutMs: seconds(env, 'SHUTDOWN_TIMEOUT_SECONDS', 20),
    debugEndpoints: debug === 'true' || debug === '1',
  };
}

export interface Service {
  server: http.Server;
  /** Binds the port; resolves with the address once ready. */
  listen(): Promise<AddressInfo>;
  /** Starts the drain (idempotent); resolves with the exit code: 0 drained, 1 timed out. */
  shutdown(reason: string): Promise<number>;
  readonly draining: boolean;
}

export function createService(config: Config, log: Logger = jsonLogger): Service {
  let ready = false;
  let draining = false;
  let stopping: Promise<number> | undefined;

  const server = http.createServer(
    {
      // Against slow clients (slowloris): headers within 10 s, the whole request within 30 s.
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      // How often those two are enforced (default 30 s would let a slow client linger much longer).
      connectionsCheckingInterval: 2_000,
    },
    (req, res) => {
      const send = (status: number, body: Fields): void => {
        // Checked at write time, so a request that arrived before SIGTERM also gets it. Node (24 at
        // least) otherwise keeps in-flight connections alive after server.close() and serves more on them.
        if (draining) res.setHeader('Connection', 'close');
        res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body) + '\n');
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return send(405, { error: 'method not allowed' });
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      switch (url.pathname) {
        case '/healthz':
          return send(200, { status: 'ok' });
        case '/readyz':
          return ready && !draining ? send(200, { status: 'ready' }) : send(503, { status: draining ? 'draining' : 'starting' });
        case '/debug/slow': {
          if (!config.debugEndpoints) break;
          const raw = url.searchParams.get('ms') ?? '1000';
          const ms = Number(raw);
          if (!/^\d+$/.test(raw) || ms > MAX_SLOW_MS) return send(400, { error: `ms must be an integer from 0 to ${MAX_SLOW_MS}` });
          const timer = setTimeout(() => send(200, { sleptMs: ms }), ms);
          res.on('close', () => clearTimeout(timer));
          return;
        }
      }
      send(404, { error: 'not found' });
    },
  );
  // Idle keep-alive sockets are closed after 5 s (Node's default, stated so it is not forgotten).
  server.keepAliveTimeout = 5_000;

  const listen = (): Promise<AddressInfo> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, () => {
        server.off('error', reject);
        ready = true;
        resolve(server.address() as AddressInfo);
      });
    });

  const drain = async (): Promise<number> => {
    // Keep serving while the endpoint removal propagates to Services and load balancers.
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    log('info', 'closing listener, waiting for in-flight requests', { timeoutSeconds: config.shutdownTimeoutMs / 1000 });
    return new Promise<number>((resolve) => {
      const force = setTimeout(() => {
        log('error', 'shutdown timeout: closing remaining connections', { timeoutSeconds: config.shutdownTimeoutMs / 1000 });
        server.closeAllConnections();
        resolve(1);
      }, config.shutdownTimeoutMs);
      // Never the reason the process stays alive.
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve(0);
      });
      server.closeIdleConnections();
    });
  };

  return {
    server,
    listen,
    get draining() {
      return draining;
    },
    shutdown(reason) {
      if (!stopping) {
        draining = true;
        log('info', 'shutting down: readiness off, still serving', { reason, delaySeconds: config.shutdownDelayMs / 1000 });
        stopping = drain();
      }
      return stopping;
    },
  };
}
