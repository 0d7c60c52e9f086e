// The pod-bearing objects of a rendered chart, and where a finding about them should point:
// values.yaml when the value comes from there (what the user edits), else the template.
import type { Manifest, StaticContext } from './types.js';
import { lineOf } from './values.js';
import { readServiceFile } from '../read.js';

export type Obj = Record<string, unknown>;

export interface Workload {
  manifest: Manifest;
  kind: string;
  name: string;
  pod: Obj;
  containers: Obj[];
}

const POD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function asObj(v: unknown): Obj | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}

export function workloads(ctx: StaticContext): Workload[] {
  const r = ctx.chart?.render;
  if (!r || r.kind !== 'rendered') return [];
  const out: Workload[] = [];
  for (const m of r.manifests) {
    const kind = String(m.object.kind ?? '');
    if (!POD_KINDS.has(kind)) continue;
    const pod = asObj(asObj(asObj(m.object.spec)?.template)?.spec);
    if (!pod) continue;
    const containers = Array.isArray(pod.containers)
      ? pod.containers.map(asObj).filter((c): c is Obj => c !== null)
      : [];
    out.push({ manifest: m, kind, name: String(asObj(m.object.metadata)?.name ?? '?'), pod, containers });
  }
  return out;
}

/** Where a chart finding points; `unused` when values.yaml already holds a right value the template does not use. */
export interface ChartLocation {
  file: string;
  line: number;
  unused?: {
    /** values.yaml and the line of the right value. */
    values: string;
    line: number;
    /** The values key the template should use, as a template writes it: `.Values.securityContext`. */
    key: string;
  };
}

/**
 * Where a finding about a rendered object points. values.yaml when the value comes from there (what the
 * user edits): the first of `valuesPaths` that values.yaml has, or, when none has, the parent of one
 * (where to add it). With `right`, a value values.yaml holds that `right` accepts is not the fault: the
 * rendered object lacks it, so the template does not use it, and the finding points at the template
 * (the workload's `# Source:` file) with `unused` saying which value it leaves out.
 */
export function locate(
  ctx: StaticContext,
  valuesPaths: (string | number)[][],
  manifest: Manifest,
  needle: RegExp | RegExp[] | null,
  right?: (value: unknown) => boolean,
): ChartLocation {
  const values = ctx.chart?.valuesFile;
  let unused: ChartLocation['unused'];
  if (values) {
    for (const p of valuesPaths) {
      const r = lineOf(values, p);
      if (!r.exact) continue;
      if (!right || !right(valueAt(values.data, p))) return { file: values.file, line: r.line };
      unused ??= { values: values.file, line: r.line, key: `.Values.${String(p[0])}` };
    }
    // The key is absent: point at its parent in values.yaml (where to add it), if that exists.
    for (const p of unused ? [] : valuesPaths) {
      if (p.length < 2) continue;
      const r = lineOf(values, p.slice(0, -1));
      if (r.exact) return { file: values.file, line: r.line };
    }
  }
  const file = manifest.source ?? `${ctx.chart?.dir ?? 'deploy/chart'}/templates`;
  const at = (line: number): ChartLocation => (unused ? { file, line, unused } : { file, line });
  if (manifest.source) {
    // Unreadable: the file as a whole.
    const lines = readServiceFile(ctx.dir, manifest.source)?.text?.split(/\r?\n/) ?? [];
    // The template's line: the first needle's; a value the template leaves out belongs in its
    // container (or pod) spec when that line is gone too; then the other needles.
    const [first = null, ...rest] = Array.isArray(needle) ? needle : [needle];
    for (const re of [first, unused ? /^\s*containers:/ : null, ...rest]) {
      const i = re ? lines.findIndex((l) => re.test(l)) : -1;
      if (i >= 0) return at(i + 1);
    }
  }
  return at(0);
}

/** The plain value at a path of values.yaml's data (undefined when absent). */
function valueAt(data: unknown, p: (string | number)[]): unknown {
  let v = data;
  for (const seg of p) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(seg)] : undefined;
  return v;
}

/** The plain value at a path of the chart's values.yaml (undefined when absent or unread). */
export function valuesValue(ctx: StaticContext, p: (string | number)[]): unknown {
  const values = ctx.chart?.valuesFile;
  return values ? valueAt(values.data, p) : undefined;
}

/**
 * A finding's message: `problem: fix`, or, when values.yaml holds the right value the template does not
 * use, says so and points at the template instead. `them`: the problem names several values; `render`:
 * how a template uses the value, where `{{- toYaml <key> | nindent N }}` does not fit.
 */
export function chartMessage(
  l: ChartLocation,
  problem: string,
  fix: string,
  how: { them?: boolean; render?: string } = {},
): string {
  if (!l.unused) return `${problem}: ${fix}`;
  return (
    `${problem}, although ${l.unused.values}:${l.unused.line} sets ${how.them ? 'them' : 'it'}: the chart ` +
    `template does not use ${l.unused.key}; render it in the template ` +
    `(e.g. ${how.render ?? `{{- toYaml ${l.unused.key} | nindent N }}`})`
  );
}

// A CPU limit is optional (throttling is a trade-off); memory limits and both requests are not.
const REQUIRED_RESOURCES: [string, string][] = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
];

/** The required resources a container's `resources` lacks, as `requests.cpu` etc. */
export function missingResources(resources: Obj): string[] {
  return REQUIRED_RESOURCES.filter(([kind, r]) => asObj(resources[kind])?.[r] === undefined).map(
    ([k, r]) => `${k}.${r}`,
  );
}

/** Where a securityContext key should be set: values.yaml when it comes from there, else the template. */
export function securityContextAt(
  ctx: StaticContext,
  w: Workload,
  key: string,
  level: 'container' | 'pod' | null,
  right?: (value: unknown) => boolean,
): ChartLocation {
  const paths =
    level === 'pod'
      ? [['podSecurityContext', key]]
      : level === 'container'
        ? [['securityContext', key]]
        : [
            ['securityContext', key],
            ['podSecurityContext', key],
          ];
  return locate(ctx, paths, w.manifest, [new RegExp(`^\\s*${key}:`), /securityContext/], right);
}
