// Entry point: config from the environment, signal handlers, exit codes. The logic is in service.ts.
import { ConfigError, createService, jsonLogger, loadConfig, probe, type Config } from './service.js';
import { DEFAULT_PORT, DESCRIPTION, OWNER, SERVICE_NAME } from './service-info.js';

// `node dist/server.js probe <url>`: the image is its own HTTP client (helm test; no curl in it).
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
