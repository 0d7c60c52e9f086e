// The HTTP service on Fastify: probes, metrics, access log and optional debug endpoint; the
// server and its SIGTERM drain are drain.ts's, as in the node:http service.
// Kept free of process-wide side effects (no signal handlers, no exit) so tests can run it on port 0.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fastify, LogController, type FastifyReply } from 'fastify';
import { pino, type Logger as Pino } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MAX_SLOW_MS, type Config } from './config.js';
import { DrainingServer } from './drain.js';
import { type Fields, type Level, type Log } from './log.js';

/** Logs one line; `pino` is the same logger, handed to Fastify for its own lines. */
export type Logger = Log & { readonly pino: Pino };

// pino's trace and fatal (Fastify uses both) are written as the nearest level of the shared schema.
const LEVEL_NAME: Record<string, Level> = { trace: 'debug', debug: 'debug', info: 'info', warn: 'warn', error: 'error', fatal: 'error' };

/**
 * One JSON object per line on stdout, the schema of every generated service: time, level
 * (debug|info|warn|error), msg, then snake_case fields. Written by pino, Fastify's logger.
 */
export function jsonLogger(min: Level = 'info', write?: (line: string) => void): Logger {
  const instance = pino(
    {
      level: min,
      base: null, // no pid or hostname on every line
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: LEVEL_NAME[label] ?? label }) },
      hooks: {
        // pino writes level and time first and msg last; the schema starts with time, level, msg.
        streamWrite: (line) => {
          const { time, level, msg, ...fields } = JSON.parse(line) as Fields;
          return JSON.stringify({ time, level, msg, ...fields }) + '\n';
        },
      },
    },
    write ? { write } : pino.destination({ fd: 1, sync: true }),
  );
  const log = (level: Level, msg: string, fields: Fields = {}) => instance[level](fields, msg);
  return Object.assign(log, { pino: instance });
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
const OTHER_METHODS = ['DELETE', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

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

  // Run by the drain once the last connection has ended, within the same timeout: Fastify's
  // onClose hooks (a plugin's pool, say).
  const closeApp = async (): Promise<number> => {
    try {
      await app.close();
      return 0;
    } catch (err) {
      log('error', 'closing the app failed', { error: err instanceof Error ? err.message : String(err) });
      return 1;
    }
  };
  const app = fastify({
    loggerInstance: log.pino,
    // The access line below replaces Fastify's own request lines (nested req/res objects, camelCase).
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    // The Node server is drain.ts's, as in the node:http service: its timeouts, and every request
    // passes it before Fastify routes it.
    serverFactory: (handler) => new DrainingServer(handler, config, log, closeApp),
    // Neither applies while connections are open: the drain closes the listener itself and calls
    // app.close() only once the last connection has ended. Set so that they never would:
    // Fastify's defaults answer 503 to requests on open connections while closing, and close
    // every connection without a request, one whose request is on its way included.
    return503OnClosing: false,
    forceCloseConnections: false,
  });
  // The DrainingServer serverFactory made.
  const server = app.server as DrainingServer;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    // Checked at write time, so a request that arrived before SIGTERM is also told: clients
    // reconnect (to another pod) instead of reusing this connection.
    if (server.draining) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    const seconds = reply.elapsedTime / 1000;
    requests.inc(labels);
    duration.observe(labels, seconds);
    log(QUIET_ROUTES.has(route) ? 'debug' : 'info', 'request', {
      method: request.method,
      path: request.url.split('?')[0],
      route,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 1e3) / 1e3,
    });
  });

  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: 'not found' }));
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) log('error', 'request failed', { method: request.method, path: request.url.split('?')[0], error: error.message });
    return reply.code(status).send({ error: status >= 500 ? 'internal server error' : error.message });
  });

  const routes = ['/healthz', '/readyz', '/metrics', ...(config.debugEndpoints ? ['/debug/slow'] : [])];
  for (const url of routes) {
    // Known paths answer 405 to other methods (404 is for unknown paths), before any body is read.
    app.route({
      method: [...OTHER_METHODS],
      url,
      onRequest: async (_request, reply: FastifyReply) => reply.code(405).header('allow', 'GET, HEAD').send({ error: 'method not allowed' }),
      handler: async () => undefined,
    });
  }
  // GET routes answer HEAD too (Fastify's exposeHeadRoutes), without a body.
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) =>
    ready && !server.draining ? { status: 'ready' } : reply.code(503).send({ status: server.draining ? 'draining' : 'starting' }),
  );
  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  if (config.debugEndpoints) {
    app.get('/debug/slow', async (request, reply) => {
      const raw = (request.query as Record<string, unknown>).ms ?? '1000';
      const ms = Number(raw);
      if (typeof raw !== 'string' || !/^\d+$/.test(raw) || ms > MAX_SLOW_MS) {
        return reply.code(400).send({ error: `ms must be an integer from 0 to ${MAX_SLOW_MS}` });
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ slept_ms: ms }), ms);
        reply.raw.on('close', () => clearTimeout(timer));
      });
    });
  }

  const listen = async (): Promise<AddressInfo> => {
    try {
      // Both IPv6 and IPv4 on one socket, as node:http does without a host.
      await app.listen({ port: config.port, host: '::' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
      await app.listen({ port: config.port, host: '0.0.0.0' }); // a kernel without IPv6
    }
    ready = true;
    return server.address() as AddressInfo;
  };

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
