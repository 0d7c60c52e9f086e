// Renders the chart: `helm template` when helm is on PATH, else the Go renderer in
// packages/validator/helm-render, built once (GOPATH mode with Debian's sprig) and cached by the
// hash of its source. Never throws: every failure becomes an outcome the helm-render rule reports.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findGoToolchain, onPath } from '../tools.js';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import type { Manifest, RenderOutcome, StaticCheckOptions, YamlError } from './types.js';

/** src/service/static → package root, the same from dist/service/static. */
export const RENDERER_SOURCE = fileURLToPath(new URL('../../../helm-render/', import.meta.url));

const INSTALL_HINT =
  'install helm (https://helm.sh/docs/intro/install/), or Go ≥ 1.21 plus sprig for the bundled renderer: ' +
  'apt-get install golang-1.23-go golang-github-masterminds-sprig-dev';

export function findHelm(options: StaticCheckOptions): string | null {
  if (options.helm === false) return null;
  return options.helm ?? onPath('helm');
}

export function findGo(options: StaticCheckOptions): string | null {
  if (options.go === false) return null;
  return options.go ?? findGoToolchain();
}

/** GOPATH entries to try: the user's, then Debian's /usr/share/gocode; the first with sprig wins. */
function gopathWithSprig(): string | null {
  const candidates = [...(process.env.GOPATH ?? '').split(path.delimiter).filter(Boolean), '/usr/share/gocode'];
  const ok = candidates.filter((c) => fs.existsSync(path.join(c, 'src/github.com/Masterminds/sprig')));
  return ok.length > 0 ? [...new Set([...ok, ...candidates])].join(path.delimiter) : null;
}

function cacheRoot(options: StaticCheckOptions): string {
  if (options.cacheDir) return options.cacheDir;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir());
  return path.join(base, 'distroless-validate');
}

/** Builds (or reuses) the renderer; returns its path or why it cannot. */
export async function ensureRenderer(
  options: StaticCheckOptions,
): Promise<{ bin: string } | { error: string; unavailable: boolean }> {
  const mainGo = path.join(RENDERER_SOURCE, 'main.go');
  let source: Buffer;
  try {
    source = fs.readFileSync(mainGo);
  } catch {
    return { error: `the bundled renderer source ${mainGo} is missing`, unavailable: true };
  }
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = cacheRoot(options);
  const bin = path.join(dir, `helm-render-${hash}`);
  if (fs.existsSync(bin)) return { bin };
  const go = findGo(options);
  if (!go) return { error: `neither helm nor go found: ${INSTALL_HINT}`, unavailable: true };
  const gopath = gopathWithSprig();
  if (!gopath)
    return {
      error: `go found (${go}) but not sprig in GOPATH or /usr/share/gocode: ${INSTALL_HINT}`,
      unavailable: true,
    };
  fs.mkdirSync(dir, { recursive: true });
  // Build to a private name, then rename: concurrent runs never see a half-written binary.
  const tmp = `${bin}.${process.pid}.${Date.now()}.tmp`;
  const r = await execa(go, ['build', '-o', tmp, '.'], {
    cwd: RENDERER_SOURCE,
    reject: false,
    timeout: 300_000,
    env: {
      GOPATH: gopath,
      GO111MODULE: 'off',
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      ...(process.env.GOCACHE || process.env.HOME ? {} : { GOCACHE: path.join(dir, 'go-build') }),
    },
  });
  if (r.exitCode !== 0) {
    fs.rmSync(tmp, { force: true });
    return {
      error: `building the bundled renderer with ${go} failed: ${(r.stderr || r.message || '').trim().split('\n').slice(0, 5).join(' | ')}`,
      unavailable: false,
    };
  }
  fs.renameSync(tmp, bin);
  return { bin };
}

/** Splits a rendered stream into objects, with the template each came from. */
export function splitManifests(output: string, chartRel: string): { manifests: Manifest[]; yamlErrors: YamlError[] } {
  const manifests: Manifest[] = [];
  const yamlErrors: YamlError[] = [];
  for (const chunk of output.split(/^---[ \t]*$/m)) {
    if (!chunk.trim()) continue;
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

/** Where a render error points: `template: go/templates/deployment.yaml:12:3: …` */
function errorLocation(message: string, chartRel: string): { file: string; line: number } {
  const m = /(?:template: |\s)[^\s/:]+\/(templates\/[^:\s]+):(\d+)/.exec(message);
  if (m) return { file: path.posix.join(chartRel, m[1]!), line: Number(m[2]) };
  return { file: path.posix.join(chartRel, 'Chart.yaml'), line: 0 };
}

export async function renderChart(
  chartDir: string,
  chartRel: string,
  chart: unknown,
  values: unknown,
  options: StaticCheckOptions,
): Promise<RenderOutcome> {
  let tool: string;
  let run: () => Promise<{ exitCode?: number; stdout: string; stderr: string; message?: string }>;
  let cleanup = (): void => undefined;
  const helm = findHelm(options);
  if (helm) {
    tool = 'helm template';
    run = () => execa(helm, ['template', 'release-name', chartDir], { reject: false, timeout: 120_000 });
  } else {
    const built = await ensureRenderer(options);
    if ('error' in built) {
      return built.unavailable
        ? { kind: 'unavailable', message: built.error }
        : {
            kind: 'failed',
            tool: 'helm-render',
            message: built.error,
            file: path.posix.join(chartRel, 'Chart.yaml'),
            line: 0,
          };
    }
    tool = 'helm-render';
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-chart-'));
    cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
    // The renderer reads JSON only (see helm-render/README.md); YAML → JSON here, as Helm does.
    fs.writeFileSync(path.join(tmp, 'chart.json'), JSON.stringify(chart ?? {}));
    fs.writeFileSync(path.join(tmp, 'values.json'), JSON.stringify(values ?? {}));
    run = () =>
      execa(
        built.bin,
        [chartDir, '--chart-json', path.join(tmp, 'chart.json'), '--values-json', path.join(tmp, 'values.json')],
        {
          reject: false,
          timeout: 60_000,
        },
      );
  }
  try {
    const r = await run();
    if (r.exitCode !== 0) {
      const message = (r.stderr || r.message || 'render failed').trim().split('\n').slice(0, 6).join(' | ');
      return { kind: 'failed', tool, message, ...errorLocation(message, chartRel) };
    }
    return { kind: 'rendered', tool, ...splitManifests(r.stdout, chartRel) };
  } finally {
    cleanup();
  }
}
