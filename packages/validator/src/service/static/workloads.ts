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

export function locate(
  ctx: StaticContext,
  valuesPaths: (string | number)[][],
  manifest: Manifest,
  needle: RegExp | null,
): { file: string; line: number } {
  const values = ctx.chart?.valuesFile;
  if (values) {
    for (const p of valuesPaths) {
      const r = lineOf(values, p);
      if (r.exact) return { file: values.file, line: r.line };
    }
    // The key is absent: point at its parent in values.yaml (where to add it), if that exists.
    for (const p of valuesPaths) {
      if (p.length < 2) continue;
      const r = lineOf(values, p.slice(0, -1));
      if (r.exact) return { file: values.file, line: r.line };
    }
  }
  const file = manifest.source ?? `${ctx.chart?.dir ?? 'deploy/chart'}/templates`;
  if (needle && manifest.source) {
    // Unreadable: the file as a whole.
    const lines = readServiceFile(ctx.dir, manifest.source)?.text?.split(/\r?\n/) ?? [];
    const i = lines.findIndex((l) => needle.test(l));
    if (i >= 0) return { file, line: i + 1 };
  }
  return { file, line: 0 };
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
): { file: string; line: number } {
  const paths =
    level === 'pod'
      ? [['podSecurityContext', key]]
      : level === 'container'
        ? [['securityContext', key]]
        : [
            ['securityContext', key],
            ['podSecurityContext', key],
          ];
  return locate(ctx, paths, w.manifest, new RegExp(`^\\s*${key}:|securityContext`));
}
