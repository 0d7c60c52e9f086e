import type { RuntimeRule } from '../types.js';
import { build } from './build.js';
import { debugSlowEndpoint } from './debug-slow-endpoint.js';
import { drainExit } from './drain-exit.js';
import { drainInFlight } from './drain-in-flight.js';
import { drainReadiness } from './drain-readiness.js';
import { goStaticBinary } from './go-static-binary.js';
import { imageEntrypoint } from './image-entrypoint.js';
import { imageNoShell } from './image-no-shell.js';
import { imageUser } from './image-user.js';
import { probeHealthz } from './probe-healthz.js';
import { probeReadyz } from './probe-readyz.js';
import { start } from './start.js';

/** Every runtime rule, in the order verification reaches them. */
export const runtimeRules: readonly RuntimeRule[] = [
  build,
  goStaticBinary,
  imageUser,
  imageEntrypoint,
  imageNoShell,
  start,
  probeReadyz,
  probeHealthz,
  drainReadiness,
  drainInFlight,
  debugSlowEndpoint,
  drainExit,
];
