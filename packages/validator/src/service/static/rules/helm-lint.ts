import { finding } from '../finding.js';
import type { Finding } from '../../types.js';
import type { StaticRule } from '../types.js';

export const helmLint: StaticRule = {
  id: 'helm-lint',
  severity: 'error',
  docs:
    "The chart passes the user's `helm lint --strict` (metadata, values schema, object names, deprecated APIs); " +
    'its warnings are errors, as --strict makes them.',
  check(ctx) {
    const c = ctx.chart;
    if (!c || !c.helm) return [];
    const lint = c.lint;
    const tool = `helm lint --strict, helm ${c.helm.version}`;
    if (lint.kind === 'failed')
      return [finding(this.id, this.severity, `${c.dir}/Chart.yaml`, 0, `${tool} did not run: ${lint.message}`)];
    if (lint.kind !== 'linted') return [];
    // When the chart does not render, lint's own attempt (`templates/`, or loading the chart: ``)
    // says the same thing again; the helm-render finding reports it once.
    const renderFailed = c.render.kind === 'failed';
    const out: Finding[] = [];
    for (const m of lint.messages) {
      if (renderFailed && (m.path === '' || m.path === 'templates/')) continue;
      const [first, ...rest] = m.message.split('\n');
      out.push(
        finding(
          this.id,
          this.severity,
          m.file,
          m.line,
          [`${first} (${tool}: ${m.severity === 'error' ? 'ERROR' : 'WARNING'})`, ...rest].join('\n'),
        ),
      );
    }
    return out;
  },
};
