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
    const { exit, killed } = drain.report;
    const code = exit.code;
    const at = options.locator.locate('sigterm');
    if (killed || code === 137 || code === null || exit.signal === 'SIGKILL') {
      const noHandler = options.locator.inSources('sigterm')
        ? ''
        : " (no line of the service's sources mentions SIGTERM)";
      report({
        ...at,
        message:
          `the service did not exit within the ${options.timeout} s grace period after SIGTERM and was killed ` +
          `(exit ${code ?? exit.signal}): handle SIGTERM; as PID 1 a process has no default handler${noHandler}\n` +
          drain.logs,
      });
    } else if (code !== 0) {
      report({
        ...at,
        message: `the service exited with code ${code} after SIGTERM; a clean drain exits 0\n${drain.logs}`,
      });
    }
  },
};
