// Entry point: config from the environment, signal handlers, exit codes, the probe command.
// The service is in service.ts.
import { ConfigError, loadConfig, type Config } from './config.js';
import { createService, jsonLogger } from './service.js';
import { DEFAULT_PORT, DESCRIPTION, OWNER, SERVICE_NAME } from './service-info.js';

/**
 * The image's own HTTP client (`node dist/server.js probe <url>`), for `helm test` and checks by
 * hand: the image has no shell or curl. Resolves 0 on a 2xx or 3xx answer, 1 otherwise, 2 on bad usage.
 */
async function probe(args: string[]): Promise<number> {
  const log = jsonLogger();
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

if (process.argv[2] === 'probe') process.exit(await probe(process.argv.slice(3)));

let config: Config;
try {
  config = loadConfig(process.env, DEFAULT_PORT);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  jsonLogger()('error', 'invalid configuration', { error: err.message });
  process.stderr.write(`${SERVICE_NAME}: ${err.message}\n`);
  process.exit(2);
}
const log = jsonLogger(config.logLevel);

process.on('uncaughtException', (err) => {
  log('error', 'uncaught exception', { error: err.stack ?? String(err) });
  process.exit(1);
});

log('info', 'starting', {
  service: SERVICE_NAME,
  description: DESCRIPTION,
  owner: OWNER,
  port: config.port,
  shutdown_delay_seconds: config.shutdownDelayMs / 1000,
  shutdown_timeout_seconds: config.shutdownTimeoutMs / 1000,
  debug_endpoints: config.debugEndpoints,
  log_level: config.logLevel,
  runtime: `node ${process.version}`,
});

const service = createService(config, log);

// As PID 1 in a container there is no init: the kernel drops any signal without a handler,
// so both must be handled here or `docker stop` / Kubernetes end up sending SIGKILL.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (service.draining) {
      // The same in every generated service: the drain is already bounded by its timeout, so a
      // repeated signal changes nothing (SIGKILL is the way to stop at once).
      log('warn', 'signal received while draining, ignored', { signal });
      return;
    }
    void service.shutdown(signal).then((code) => {
      if (code === 0) log('info', 'stopped', { exit_code: code });
      // The same line in every generated service: this message, exit_code and timeout_seconds.
      else
        log('error', 'shutdown timed out, in-flight requests were cut off', {
          exit_code: code,
          timeout_seconds: config.shutdownTimeoutMs / 1000,
        });
      process.exit(code);
    });
  });
}

try {
  const { port } = await service.listen();
  log('info', 'listening', { port });
} catch (err) {
  log('error', 'cannot listen', { port: config.port, error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
