import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const drainExit: RuntimeRule = {
  stages: ['drain'],
  meta: ruleMeta('service', {
    id: 'drain-exit',
    severity: 'error',
    docs: 'After SIGTERM the service exits 0 within the grace period.',
    fixable: false,
  }),
  check({ drain }, { options, report }) {
    if (!drain) return;
    const { exit, killed, stopToExitMs } = drain.report;
    const code = exit.code;
    const at = options.locator.locate('sigterm');
    const noHandler = options.locator.inSources('sigterm')
      ? ''
      : " (no signal handler in the service's sources asks for SIGTERM)";
    // Killed by the verifier after the grace period (a container engine reports that as 137).
    if (killed || code === 137 || exit.signal === 'SIGKILL') {
      // Only as PID 1 (a container, the sandbox) is a signal without a handler dropped.
      const pid1 = drain.pid1 ? '; as PID 1 a process has no default handler' : '';
      report({
        ...at,
        message:
          `the service did not exit within the ${options.timeout} s grace period after SIGTERM and was killed ` +
          `(exit ${code ?? exit.signal}): handle SIGTERM${pid1}${noHandler}\n` +
          drain.logs,
      });
    } else if (exit.signal === 'SIGTERM' || code === 143) {
      // Died of the signal itself, at once: no handler caught it, and its default action ended the process.
      report({
        ...at,
        message:
          `the service was terminated by SIGTERM itself ${stopToExitMs} ms after it was sent ` +
          `(exit ${exit.signal ?? code}): no handler caught it, so it exited at once instead of draining; ` +
          `handle SIGTERM (stop taking requests, finish those in flight, exit 0)${noHandler}\n` +
          drain.logs,
      });
    } else if (code === null) {
      report({
        ...at,
        message:
          `the service died of ${exit.signal ?? 'an unknown cause'} ${stopToExitMs} ms after SIGTERM; ` +
          `a clean drain exits 0\n${drain.logs}`,
      });
    } else if (code !== 0) {
      report({
        ...at,
        message: `the service exited with code ${code} after SIGTERM; a clean drain exits 0\n${drain.logs}`,
      });
    }
  },
};
