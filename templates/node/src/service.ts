// The HTTP service on node:http: probes, metrics, access log and optional debug endpoint; the
// server and its SIGTERM drain are drain.ts's.
// Kept free of process-wide side effects (no signal handlers, no exit) so tests can run it on port 0.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MAX_SLOW_MS, type Config } from './config.js';
import { DrainingServer } from './drain.js';
import { LEVELS, type Fields, type Level, type Log } from './log.js';

export type Logger = Log;

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

// Probes and scrapes are logged at debug: at info they would flood the access log.
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export function createService(config: Config, log: Logger = jsonLogger(config.logLevel)): Service {
  let ready = false;

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

  const server: DrainingServer = new DrainingServer(
    (req, res) => {
      const started = process.hrtime.bigint();
      let route = 'unmatched';
      res.on('close', () => {
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
      });
      const send = (status: number, body: Fields): void => {
        // Checked at write time, so a request that arrived before SIGTERM is also told: clients
        // reconnect (to another pod) instead of reusing this connection.
        if (server.draining) res.setHeader('Connection', 'close');
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
          return ready && !server.draining
            ? send(200, { status: 'ready' })
            : send(503, { status: server.draining ? 'draining' : 'starting' });
        case '/metrics':
          void registry.metrics().then(
            (text) => {
              if (server.draining) res.setHeader('Connection', 'close');
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
    config,
    log,
  );

  const listen = (): Promise<AddressInfo> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, () => {
        server.off('error', reject);
        ready = true;
        resolve(server.address() as AddressInfo);
      });
    });

  return {
    server,
    registry,
    listen,
    get draining() {
      return server.draining;
    },
    shutdown: (reason) => server.shutdown(reason),
  };
}
