// Runs the user's helm on the chart: `helm lint --strict` (chart metadata, values schema, rendered
// YAML, object names, deprecated APIs) and `helm template` (the objects the Kubernetes checks
// read). Never throws: every failure becomes an outcome the helm-lint, helm-render and helm-available rules
// report.
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { onPath } from '../tools.js';
import type { HelmTool, LintMessage, Manifest, RenderOutcome, StaticCheckOptions, YamlError } from './types.js';

export const HELM_INSTALL_HINT =
  'install Helm 3 or 4 (`go install helm.sh/helm/v4/cmd/helm@latest`, your OS package manager, ' +
  'or a release from https://helm.sh/docs/intro/install/) and put it on PATH, or pass --helm <path>';

// Bounds: a chart that renders for minutes or megabytes is itself a finding, not a hang.
const TIMEOUT_MS = 120_000;
const MAX_BUFFER = 16 * 2 ** 20;
/**
 * helm builds its whole output in memory before printing it: its address space is capped (prlimit,
 * from util-linux) so a chart that renders gigabytes fails in helm instead of exhausting the machine.
 */
export const HELM_ADDRESS_SPACE = 2 ** 30;

export function findHelm(options: StaticCheckOptions): string | null {
  if (options.helm === false) return null;
  return options.helm ?? onPath('helm');
}

async function run(bin: string, args: string[], signal?: AbortSignal) {
  const prlimit = onPath('prlimit');
  const [cmd, argv] = prlimit ? [prlimit, [`--as=${HELM_ADDRESS_SPACE}`, '--', bin, ...args]] : [bin, args];
  return execa(cmd, argv, {
    reject: false,
    timeout: TIMEOUT_MS,
    maxBuffer: MAX_BUFFER,
    stdin: 'ignore',
    // The verification's step signal: its deadline or an interrupt stops helm.
    cancelSignal: signal,
    forceKillAfterDelay: 2000,
  });
}

function failure(r: {
  stderr?: unknown;
  stdout?: unknown;
  message?: string;
  timedOut?: boolean;
  isCanceled?: boolean;
}): string {
  if (r.timedOut) return `timed out after ${TIMEOUT_MS / 1000} s`;
  if (r.isCanceled) return 'stopped (the verification was interrupted or ran out of time)';
  const text = String(r.stderr || r.stdout || r.message || 'failed').trim();
  if (/runtime: out of memory|cannot allocate memory/i.test(text))
    return `helm ran out of memory (its address space is capped at ${HELM_ADDRESS_SPACE / 2 ** 30} GiB)`;
  return text.split('\n').slice(0, 8).join('\n');
}

/** `helm version`; null with the reason when the binary does not run as helm. */
export async function helmTool(bin: string, signal?: AbortSignal): Promise<HelmTool | { error: string }> {
  const r = await run(bin, ['version', '--template', '{{.Version}}'], signal);
  const version = String(r.stdout ?? '').trim();
  if (r.exitCode !== 0 || !/^v?\d+\.\d+/.test(version))
    return { error: `${bin} does not run as helm (\`helm version\`: ${failure(r)})` };
  return { name: 'helm', path: bin, version };
}

/** Splits a rendered stream into objects, with the template each came from. */
export function splitManifests(output: string, chartRel: string): { manifests: Manifest[]; yamlErrors: YamlError[] } {
  const manifests: Manifest[] = [];
  const yamlErrors: YamlError[] = [];
  for (const chunk of output.split(/^---[ \t]*$/m)) {
    if (!chunk.trim()) continue;
    // `# Source: <chart>/templates/x.yaml`, or <chart>/charts/<sub>/templates/x.yaml for subcharts.
    const src = /^# Source: [^/\n]+\/(.+)$/m.exec(chunk);
    const source = src ? path.posix.join(chartRel, src[1]!.trim()) : null;
    let object: unknown;
    try {
      object = parseYaml(chunk);
    } catch (e) {
      yamlErrors.push({ source, message: (e as Error).message.split('\n')[0]! });
      continue;
    }
    if (object && typeof object === 'object' && !Array.isArray(object)) {
      manifests.push({ source, object: object as Record<string, unknown> });
    } else if (object !== null && object !== undefined) {
      yamlErrors.push({ source, message: 'the document is not a Kubernetes object (a mapping)' });
    }
  }
  return { manifests, yamlErrors };
}

/**
 * Where a template error points: helm names the template as `<chart>/templates/x.yaml:12:3`
 * (`<chart>/charts/<sub>/templates/…` in a subchart).
 */
export function templateLocation(message: string, chartRel: string): { file: string; line: number } | null {
  const m = /(?:^|[\s:])[^\s/:]+\/((?:charts\/[^\s/:]+\/)*templates\/[^:\s]+):(\d+)/.exec(message);
  return m ? { file: path.posix.join(chartRel, m[1]!), line: Number(m[2]) } : null;
}

export async function renderChart(
  helm: HelmTool,
  chartDir: string,
  chartRel: string,
  signal?: AbortSignal,
): Promise<RenderOutcome> {
  const r = await run(helm.path, ['template', 'release-name', chartDir], signal);
  if (r.exitCode !== 0 || r.timedOut || r.isMaxBuffer) {
    const message = r.isMaxBuffer
      ? `the output exceeds ${MAX_BUFFER / 2 ** 20} MiB`
      : failure(r).replace(/^Error: /, '');
    const at = templateLocation(message, chartRel) ?? { file: path.posix.join(chartRel, 'Chart.yaml'), line: 0 };
    return { kind: 'failed', tool: helm, message, ...at };
  }
  return { kind: 'rendered', tool: helm, ...splitManifests(String(r.stdout), chartRel) };
}

/**
 * `helm lint --strict` output: `[SEVERITY] <path in chart>: <message>`, possibly over several
 * lines. INFO lines are advice (--strict fails on WARNING and ERROR), so they are dropped.
 */
export function parseLint(output: string, chartRel: string): LintMessage[] {
  const out: LintMessage[] = [];
  let current: LintMessage | null = null;
  for (const line of output.split('\n')) {
    const m = /^\[(INFO|WARNING|ERROR)\] ([^:]*): ?(.*)$/.exec(line);
    if (m) {
      current = null;
      if (m[1] === 'INFO') continue;
      const where = m[2]!.trim();
      const at = templateLocation(m[3]!, chartRel) ?? {
        // `templates/` stands for the whole rendering step; `` for loading the chart.
        file: where ? path.posix.join(chartRel, where) : path.posix.join(chartRel, 'Chart.yaml'),
        line: 0,
      };
      current = { severity: m[1] === 'ERROR' ? 'error' : 'warning', path: where, message: m[3]!.trim(), ...at };
      out.push(current);
    } else if (!line.trim() || /^(==>|\d+ chart\(s\) linted|Error: )/.test(line)) {
      current = null;
    } else if (current) {
      // A multi-line error (a template's call chain) runs until the blank line after it.
      current.message += `\n${line.trim()}`;
    }
  }
  return out;
}

export async function lintChart(
  helm: HelmTool,
  chartDir: string,
  chartRel: string,
  signal?: AbortSignal,
): Promise<{ kind: 'linted'; messages: LintMessage[] } | { kind: 'failed'; message: string }> {
  const r = await run(helm.path, ['lint', '--strict', chartDir], signal);
  if (r.timedOut || r.isMaxBuffer || r.isCanceled)
    return { kind: 'failed', message: r.isMaxBuffer ? `the output exceeds ${MAX_BUFFER / 2 ** 20} MiB` : failure(r) };
  const messages = parseLint(String(r.stdout), chartRel);
  if (r.exitCode !== 0 && messages.length === 0) return { kind: 'failed', message: failure(r) };
  return { kind: 'linted', messages };
}
