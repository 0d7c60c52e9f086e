import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { asObj, chartMessage, locate, workloads, type ChartLocation } from '../workloads.js';

function httpPath(probe: unknown): string | null {
  const p = asObj(asObj(probe)?.httpGet)?.path;
  return typeof p === 'string' ? p : null;
}

export const helmProbes: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-probes',
    severity: 'error',
    docs:
      "Rendered containers have liveness and readiness probes on different paths, matching the app's /healthz and " +
      '/readyz.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const want = ctx.options.probePaths ?? { liveness: '/healthz', readiness: '/readyz' };
    for (const w of workloads(ctx)) {
      for (const c of w.containers) {
        const name = `${w.kind} ${w.name}, container ${String(c.name)}`;
        const live = c.livenessProbe;
        const ready = c.readinessProbe;
        const at = (key: string): ChartLocation =>
          locate(ctx, [[key, 'httpGet', 'path'], [key]], w.manifest, new RegExp(`^\\s*${key}:`));
        // A probe values.yaml has (its path, or the probe itself) that the rendered container lacks: the
        // template leaves it out.
        const missing = (key: string): ChartLocation =>
          locate(
            ctx,
            [[key, 'httpGet', 'path'], [key]],
            w.manifest,
            new RegExp(`^\\s*${key}:`),
            (v) => typeof v === 'string' || asObj(v) !== null,
          );
        if (!asObj(live)) {
          const l = missing('livenessProbe');
          report({
            file: l.file,
            line: l.line,
            message:
              `${name} ` +
              chartMessage(l, 'has no livenessProbe', `add one with httpGet path ${want.liveness}, port http`),
          });
        }
        if (!asObj(ready)) {
          const l = missing('readinessProbe');
          report({
            file: l.file,
            line: l.line,
            message:
              `${name} ` +
              chartMessage(l, 'has no readinessProbe', `add one with httpGet path ${want.readiness}, port http`),
          });
        }
        if (!asObj(live) || !asObj(ready)) continue;
        const lp = httpPath(live);
        const rp = httpPath(ready);
        if (lp !== null && lp === rp) {
          const l = at('readinessProbe');
          report({
            file: l.file,
            line: l.line,
            message:
              `${name}: liveness and readiness probes both use ${lp}: a draining pod must turn unready without ` +
              `being restarted; use ${want.liveness} for liveness and ${want.readiness} for readiness`,
          });
          continue;
        }
        if (lp !== want.liveness) {
          const l = at('livenessProbe');
          report({
            file: l.file,
            line: l.line,
            message:
              `${name}: livenessProbe ${lp === null ? 'is not an httpGet probe' : `checks ${lp}`}; ` +
              `the app serves liveness on ${want.liveness}: use httpGet path ${want.liveness}`,
          });
        }
        if (rp !== want.readiness) {
          const l = at('readinessProbe');
          report({
            file: l.file,
            line: l.line,
            message:
              `${name}: readinessProbe ${rp === null ? 'is not an httpGet probe' : `checks ${rp}`}; ` +
              `the app serves readiness on ${want.readiness}: use httpGet path ${want.readiness}`,
          });
        }
      }
    }
  },
};
