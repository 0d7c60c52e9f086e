// The service's settings, read from the environment.
import { LEVELS, type Level } from './log.js';

export interface Config {
  port: number;
  shutdownDelayMs: number;
  shutdownTimeoutMs: number;
  debugEndpoints: boolean;
  logLevel: Level;
}

export class ConfigError extends Error {}

// The longest request GET /debug/slow?ms=N holds (DEBUG_ENDPOINTS=true).
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
