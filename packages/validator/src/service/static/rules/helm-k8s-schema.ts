import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { locate } from '../workloads.js';

export const helmK8sSchema: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-k8s-schema',
    severity: 'error',
    docs:
      'Every rendered object is valid YAML and validates against the Kubernetes API schema of its kind ' +
      '(kubernetes-models).',
    fixable: false,
  }),
  check(ctx, { report }) {
    const c = ctx.chart;
    if (!c || c.render.kind !== 'rendered') return;
    for (const e of c.render.yamlErrors)
      report({
        file: e.source ?? `${c.dir}/templates`,
        line: 0,
        message: `the rendered output is not valid YAML: ${e.message}; fix the template's indentation or quoting`,
      });
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
      report({
        file: at.file,
        line: at.line,
        message:
          `rendered ${String(o.kind)} ${String((o.metadata as { name?: string } | undefined)?.name ?? '')}: ` +
          `${where} ${e.message} (Kubernetes ${String(o.apiVersion)} schema)`,
      });
    }
  },
};
