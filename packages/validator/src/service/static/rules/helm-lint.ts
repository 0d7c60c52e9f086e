import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const helmLint: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-lint',
    severity: 'error',
    docs:
      "The chart passes the user's `helm lint --strict` (metadata, values schema, object names, deprecated APIs); " +
      'its warnings are errors, as --strict makes them.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const c = ctx.chart;
    if (!c || !c.helm) return;
    const lint = c.lint;
    const tool = `helm lint --strict, helm ${c.helm.version}`;
    if (lint.kind === 'failed') {
      report({ file: `${c.dir}/Chart.yaml`, line: 0, message: `${tool} did not run: ${lint.message}` });
      return;
    }
    if (lint.kind !== 'linted') return;
    // When the chart does not render, lint's own attempt (`templates/`, or loading the chart: ``)
    // says the same thing again; the helm-render finding reports it once.
    const renderFailed = c.render.kind === 'failed';
    for (const m of lint.messages) {
      if (renderFailed && (m.path === '' || m.path === 'templates/')) continue;
      const [first, ...rest] = m.message.split('\n');
      report({
        file: m.file,
        line: m.line,
        message: [`${first} (${tool}: ${m.severity === 'error' ? 'ERROR' : 'WARNING'})`, ...rest].join('\n'),
      });
    }
  },
};
