// Entry point: config from the environment, signal handlers, exit codes. The logic is in service.ts.
import { ConfigError, createService, jsonLogger as log, loadConfig, type Config } from './service.js';
import { DEFAULT_PORT, DESCRIPTION, OWNER, SERVICE_NAME } from './service-info.js';

let config: Config;
try {
  config = loadConfig(process.env, DEFAULT_PORT);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  log('error', `invalid configuration: ${err.message}`);
  process.stderr.write(`${SERVICE_NAME}: ${err.message}\n`);
  process.exit(2);
}

process.on('uncaughtException', (err) => {
  log('error', 'uncaught exception', { error: err.stack ?? String(err) });
  process.exit(1);
});

log('info', 'starting', {
  service: SERVICE_NAME,
  description: DESCRIPTION,
  owner: OWNER,
  node: process.version,
  pid: process.pid,
  shutdownDelaySeconds: config.shutdownDelayMs / 1000,
  shutdownTimeoutSeconds: config.shutdownTimeoutMs / 1000,
  debugEndpoints: config.debugEndpoints,
});

const service = createService(config, log);

// As PID 1 in a container there is no init: the kernel drops any signal without a handler,
// so both must be handled here or `docker stop` / Kubernetes end up sending SIGKILL.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (service.draining) {
      // A second Ctrl-C means "stop now"; a repeated SIGTERM changes nothing.
      log('warn', 'signal received while draining', { signal });
      if (signal === 'SIGINT') process.exit(1);
      return;
    }
    void service.shutdown(signal).then((code) => {
      log(code === 0 ? 'info' : 'error', 'stopped', { exitCode: code });
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
