import { visit } from 'yaml';
import { ruleMeta } from '../../../core/index.js';
import type { Manifest, StaticContext, StaticRule } from '../types.js';
import { asObj, locate, type Obj } from '../workloads.js';

// Kubernetes' own rule for a label value (apimachinery's IsValidLabelValue): the API server refuses
// an object carrying any other, and `helm lint` does not check rendered values.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const MAX_LENGTH = 63;

/** Where an object holds label values: its own labels, its selector, its pod template's labels. */
function labelMaps(object: Obj): { where: string; labels: Obj }[] {
  const spec = asObj(object.spec);
  const selector = asObj(spec?.selector);
  const out: { where: string; labels: Obj | null }[] = [
    { where: 'metadata.labels', labels: asObj(asObj(object.metadata)?.labels) },
    // A Service's selector is the map itself; a workload's is a LabelSelector.
    {
      where: 'spec.selector',
      labels: selector && !('matchLabels' in selector) && !('matchExpressions' in selector) ? selector : null,
    },
    { where: 'spec.selector.matchLabels', labels: asObj(selector?.matchLabels) },
    { where: 'spec.podSelector.matchLabels', labels: asObj(asObj(spec?.podSelector)?.matchLabels) },
    { where: 'spec.template.metadata.labels', labels: asObj(asObj(asObj(spec?.template)?.metadata)?.labels) },
    {
      where: 'spec.jobTemplate.spec.template.metadata.labels',
      labels: asObj(asObj(asObj(asObj(asObj(spec?.jobTemplate)?.spec)?.template)?.metadata)?.labels),
    },
  ];
  return out.filter((m): m is { where: string; labels: Obj } => m.labels !== null);
}

/** A value as the message shows it: quoted, escaped, at most 70 characters of it. */
function shown(value: string): string {
  return value.length > 70 ? `${JSON.stringify(value.slice(0, 70))}…` : JSON.stringify(value);
}

function problem(value: string): string | null {
  if (value.length > MAX_LENGTH) return `is ${value.length} characters long, over the ${MAX_LENGTH} allowed`;
  if (!LABEL_VALUE.test(value))
    return 'is not a label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return null;
}

/** values.yaml's line holding the value when it comes from there, else the template's line for the key. */
function valueAt(ctx: StaticContext, manifest: Manifest, key: string, value: string): { file: string; line: number } {
  const values = ctx.chart?.valuesFile;
  if (values) {
    let line = 0;
    visit(values.doc, {
      Scalar(_, node) {
        if (node.value !== value || !node.range) return undefined;
        line = values.lines.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    if (line > 0) return { file: values.file, line };
  }
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return locate(ctx, [], manifest, new RegExp(`^\\s*["']?${escaped}["']?\\s*:`));
}

export const helmLabelValues: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-label-values',
    severity: 'error',
    docs:
      'Rendered label values (metadata.labels, selectors, pod template labels) are at most 63 characters of ' +
      'letters, digits, -, _ and ., starting and ending with a letter or digit.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const r = ctx.chart?.render;
    if (!r || r.kind !== 'rendered') return;
    for (const manifest of r.manifests) {
      const name = `${String(manifest.object.kind ?? '?')} ${String(asObj(manifest.object.metadata)?.name ?? '?')}`;
      for (const { where, labels } of labelMaps(manifest.object)) {
        for (const [key, value] of Object.entries(labels)) {
          // A number or a boolean is a type error the Kubernetes schema check reports.
          if (typeof value !== 'string') continue;
          const why = problem(value);
          if (!why) continue;
          const l = valueAt(ctx, manifest, key, value);
          report({ file: l.file, line: l.line, message: `${name}, ${where}: ${key}=${shown(value)} ${why}` });
        }
      }
    }
  },
};
