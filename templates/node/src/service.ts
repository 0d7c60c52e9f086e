// The HTTP service: probes, optional debug endpoint and the SIGTERM drain.
// Kept free of process-wide side effects (no signal handlers, no exit) so tests can run it on port 0.
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type Level = (typeof LEVELS)[number];

export interface Config {
  port: number;
  shutdownDelayMs: number;
  shutdownTimeoutMs: number;
  debugEndpoints: boolean;
  logLevel: Level;
}

export type Fields = Record<string, unknown>;
export type Logger = (level: Level, msg: string, fields?: Fields) => void;

/**
 * One JSON object per line on stdout, the schema of every generated service: time, level
 * (debug|info|warn|error), msg, then snake_case fields.
 */
export function jsonLogger(min: Level = 'info', write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const threshold = LEVELS.indexOf(min);
  return (level, msg, fields = {}) => {
    if (LEVELS.indexOf(level) < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
  };
}

export class ConfigError extends Error {}

/**
 * The image's own HTTP client (`node dist/server.js probe <url>`), for `helm test` and checks by
 * hand: the image has no shell or curl. Resolves 0 on a 2xx or 3xx answer, 1 otherwise, 2 on bad usage.
 */
export async function probe(args: string[], log: Logger = jsonLogger()): Promise<number> {
  const [url] = args;
  if (args.length !== 1 || !url) {
    process.stderr.write('usage: probe <url>\n');
    return 2;
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
    await res.body?.cancel();
    if (res.status >= 400) {
      log('error', 'probe failed', { url, status: res.status });
      return 1;
    }
    log('info', 'probe', { url, status: res.status });
    return 0;
  } catch (err) {
    log('error', 'probe failed', { url, error: err instanceof Error ? err.message : String(err) });
    return 1;
  }
}

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
  const logLevel = (env.LOG_LEVEL ?? '').toLowerCase() || 'info';
  if (!(LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(env.LOG_LEVEL)}`);
  }
  return {
    port,
    shutdownDelayMs: seconds(env, 'SHUTDOWN_DELAY_SECONDS', 5),
    shutdownTimeoutMs: seconds(env, 'SHUTDOWN_TIMEOUT_SECONDS', 20),
    debugEndpoints: debug === 'true' || debug === '1',
    logLevel: logLevel as Level,
  };
}

export interface Service {
  server: http.Server;
  /** The Prometheus registry /metrics serves. */
  registry: Registry;
  /** Binds the port; resolves with the address once ready. */
  listen(): Promise<AddressInfo>;
  /** Starts the drain (idempotent); resolves with the exit code: 0 drained, 1 timed out. */
  shutdown(reason: string): Promise<number>;
  readonly draining: boolean;
}

// Idle keep-alive connections are closed after 65 s, above the 60 s idle timeout of common L7
// proxies: a proxy must never reuse a connection the service is closing (intermittent 502s).
export const KEEP_ALIVE_MS = 65_000;
// Node's header timer also runs while a kept-alive connection waits for its next request, so it
// must exceed the keep-alive timeout; requestTimeout bounds the whole request (slow clients).
export const HEADERS_TIMEOUT_MS = 66_000;
export const REQUEST_TIMEOUT_MS = 90_000;
// At the drain, a connection that has not delivered a whole request within this time of being
// accepted or answered is closed rather than waited for, as in every generated service.
export const UNSTARTED_GRACE_MS = 1_000;
// A closing connection reads and drops its client's input for up to this long after its FIN.
export const LINGER_MS = 500;
// At most this long for the kernel's accept queue to empty before the listener closes.
export const ACCEPT_QUEUE_MS = 100;
// Probes and scrapes are logged at debug: at info they would flood the access log.
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export function createService(config: Config, log: Logger = jsonLogger(config.logLevel)): Service {
  let ready = false;
  let draining = false;
  let closing = false;
  let stopping: Promise<number> | undefined;

  // A registry per service (not the global one), so tests can run several in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status.',
    labelNames,
    registers: [registry],
  });

  // Every socket with the time it last became idle (connected, or its last response written), and
  // the ones with a request in the handler: at the drain, a socket idle for UNSTARTED_GRACE_MS is
  // closed instead of holding the drain up; a younger one may be carrying a request right now.
  const sockets = new Map<Socket, number>();
  const busy = new Set<Socket>();
  let accepted = 0;

  const server = http.createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 2_000 },
    (req, res) => {
      const started = process.hrtime.bigint();
      const socket = req.socket;
      // Sent after our FIN by a client that did not heed `Connection: close`: read, never answered.
      if (socket.writableEnded) return;
      busy.add(socket);
      let route = 'unmatched';
      res.on('close', () => {
        busy.delete(socket);
        if (sockets.has(socket)) sockets.set(socket, Date.now());
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const labels = { method: req.method ?? '', route, status: String(res.statusCode) };
        requests.inc(labels);
        duration.observe(labels, seconds);
        log(QUIET_ROUTES.has(route) ? 'debug' : 'info', 'request', {
          method: req.method,
          path: req.url?.split('?')[0],
          route,
          status: res.statusCode,
          duration_ms: Math.round(seconds * 1e6) / 1e3,
        });
        if (closing) socket.destroySoon();
      });
      const send = (status: number, body: Fields): void => {
        // Checked at write time, so a request that arrived before SIGTERM is also told: clients
        // reconnect (to another pod) instead of reusing this connection.
        if (draining) res.setHeader('Connection', 'close');
        res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body) + '\n');
      };
      const url = new URL(req.url ?? '/', 'http://localhost');
      const known = ['/healthz', '/readyz', '/metrics', ...(config.debugEndpoints ? ['/debug/slow'] : [])];
      if (!known.includes(url.pathname)) return send(404, { error: 'not found' });
      route = url.pathname;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return send(405, { error: 'method not allowed' });
      }
      switch (url.pathname) {
        case '/healthz':
          return send(200, { status: 'ok' });
        case '/readyz':
          return ready && !draining ? send(200, { status: 'ready' }) : send(503, { status: draining ? 'draining' : 'starting' });
        case '/metrics':
          void registry.metrics().then(
            (text) => {
              if (draining) res.setHeader('Connection', 'close');
              res.writeHead(200, { 'Content-Type': registry.contentType });
              res.end(req.method === 'HEAD' ? undefined : text);
            },
            (err: unknown) => send(500, { error: String(err) }),
          );
          return;
        default: {
          const raw = url.searchParams.get('ms') ?? '1000';
          const ms = Number(raw);
          if (!/^\d+$/.test(raw) || ms > MAX_SLOW_MS) return send(400, { error: `ms must be an integer from 0 to ${MAX_SLOW_MS}` });
          const timer = setTimeout(() => send(200, { slept_ms: ms }), ms);
          res.on('close', () => clearTimeout(timer));
        }
      }
    },
  );
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.on('connection', (socket: Socket) => {
    accepted++;
    sockets.set(socket, Date.now());
    socket.on('close', () => sockets.delete(socket));
    // Node closes a connection after a `Connection: close` response with destroySoon(): a full
    // close that answers any input arriving after it with an RST, which can destroy the response
    // before the client has read it. Closed in stages instead, as RFC 9112 (section 9.6) asks and
    // Go's net/http does: FIN, then input is read and dropped until the client's FIN or LINGER_MS.
    socket.destroySoon = function (this: Socket) {
      if (this.destroyed) return;
      this.end();
      const timer = setTimeout(() => this.destroy(), LINGER_MS);
      timer.unref();
      this.once('close', () => clearTimeout(timer));
    };
  });

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
    // Connections the kernel completed while the process was not scheduled wait in its accept
    // queue, and closing the listener resets them. The event loop accepts one per turn, after the
    // timers: the close waits for a turn that accepts none (bounded, should clients never stop).
    const until = Date.now() + ACCEPT_QUEUE_MS;
    let before: number;
    do {
      before = accepted;
      await new Promise((resolve) => setImmediate(resolve));
    } while (accepted !== before && Date.now() < until);
    log('info', 'no longer accepting connections, waiting for in-flight requests', {
      timeout_seconds: config.shutdownTimeoutMs / 1000,
    });
    return new Promise<number>((resolve) => {
      const sweep = (): void => {
        // Idle for the grace, or still sending its request after it: nothing in flight to lose.
        // Only sockets already answered (and told `Connection: close`) or never used reach here,
        // and their input is empty, so closing sends FIN, not RST.
        const now = Date.now();
        for (const [socket, since] of sockets)
          if (!busy.has(socket) && now - since >= UNSTARTED_GRACE_MS) socket.destroy();
      };
      const sweeper = setInterval(sweep, 100);
      const force = setTimeout(() => {
        clearInterval(sweeper);
        server.closeAllConnections();
        for (const socket of sockets.keys()) socket.destroy();
        resolve(1);
      }, config.shutdownTimeoutMs);
      // Never the reason the process stays alive.
      force.unref();
      closing = true;
      // The listener only: http.Server#close would also destroy every connection without a
      // request yet, including one accepted a moment ago whose request is on its way (a reset).
      net.Server.prototype.close.call(server, () => {
        clearTimeout(force);
        clearInterval(sweeper);
        resolve(0);
      });
      sweep();
    });
  };

  return {
    server,
    registry,
    listen,
    get draining() {
      return draining;
    },
    shutdown(reason) {
      if (!stopping) {
        draining = true;
        log('info', 'shutdown signal received, draining', {
          signal: reason,
          delay_seconds: config.shutdownDelayMs / 1000,
          timeout_seconds: config.shutdownTimeoutMs / 1000,
        });
        stopping = drain();
      }
      return stopping;
    },
  };
}
