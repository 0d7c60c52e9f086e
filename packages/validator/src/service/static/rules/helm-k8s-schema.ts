import { finding } from '../finding.js';
import type { Finding } from '../../types.js';
import type { StaticRule } from '../types.js';
import { locate } from '../workloads.js';

export const helmK8sSchema: StaticRule = {
  id: 'helm-k8s-schema',
  severity: 'error',
  docs:
    'Every rendered object is valid YAML and validates against the Kubernetes API schema of its kind ' +
    '(kubernetes-models).',
  check(ctx) {
    const c = ctx.chart;
    if (!c || c.render.kind !== 'rendered') return [];
    const out: Finding[] = c.render.yamlErrors.map((e) =>
      finding(
        this.id,
        this.severity,
        e.source ?? `${c.dir}/templates`,
        0,
        `the rendered output is not valid YAML: ${e.message}; fix the template's indentation or quoting`,
      ),
    );
    for (const e of c.kubeErrors) {
      const o = e.manifest.object;
      const where = e.pointer ? e.pointer.slice(1).replace(/\//g, '.') : '(object)';
      const key = e.pointer
        .split('/')
        .filter((s) => s && !/^\d+$/.test(s))
        .pop();
      const at = locate(
        ctx,
        [],
        e.manifest,
        key ? new RegExp(`^\\s*-?\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`) : null,
      );
      out.push(
        finding(
          this.id,
          this.severity,
          at.file,
          at.line,
          `rendered ${String(o.kind)} ${String((o.metadata as { name?: string } | undefined)?.name ?? '')}: ` +
            `${where} ${e.message} (Kubernetes ${String(o.apiVersion)} schema)`,
        ),
      );
    }
    return out;
  },
};
