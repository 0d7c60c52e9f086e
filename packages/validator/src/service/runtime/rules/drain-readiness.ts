import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const drainReadiness: RuntimeRule = {
  stages: ['drain'],
  meta: ruleMeta('service', {
    id: 'drain-readiness',
    severity: 'error',
    docs: '/readyz turns 503 once SIGTERM is delivered, while the server keeps serving for its drain delay.',
    fixable: false,
  }),
  check({ drain }, { options, report }) {
    const r = drain?.report;
    if (!r || r.readyWhileDraining === 503) return;
    const seen = r.readyWhileDraining === null ? 'never answered' : `kept answering ${r.readyWhileDraining}`;
    const until = {
      refused: 'until it stopped accepting connections',
      exited: 'until the service exited',
      window: `for the whole ${r.readyPolledMs} ms window (drain delay + grace period)`,
      '503': '',
    }[r.readyEnded];
    report({
      ...options.locator.locate('readyz'),
      message:
        `after SIGTERM was delivered, /readyz ${seen} (${r.readyPolls} polls over ${r.readyPolledMs} ms, ${until}); ` +
        'it must answer 503 from the moment SIGTERM arrives while the server keeps serving for SHUTDOWN_DELAY_SECONDS',
    });
  },
};
