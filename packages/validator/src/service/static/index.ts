// Static checks of `distroless-validate service <dir>`: Dockerfile, .dockerignore, Helm chart
// (values schema, then the user's helm: lint --strict, template; the rendered Deployment and
// Kubernetes schemas) and ADRs, plus the facts the build and run engines need. One rule per
// module in rules/, run by the core engine; the ADR findings come from the ADR rules themselves.
import fs from 'node:fs';
import path from 'node:path';
import { RECORD_FILE, recordLanguage } from '@distroless-service/record';
import type { Language, ServiceFacts, StaticResult } from '../types.js';
import { lintServiceAdrs } from './adr.js';
import { loadChart } from './chart.js';
import { baseImage, lastOf, parseDockerfile, repoOf, runCommand } from './dockerfile.js';
import { runStaticRules } from './rules/index.js';
import { readServiceFile } from '../read.js';
import type { DockerModel, StaticCheckOptions, StaticContext } from './types.js';

export { staticRules, staticRuleIds } from './rules/index.js';
export { DEFAULT_ALLOWED_BASES } from './images.js';
export { findHelm, HELM_INSTALL_HINT } from './render.js';
export type { StaticCheckOptions, StaticRule, StaticContext } from './types.js';

/** The generator's manifest first, then the project files, then the runtime image. */
export function detectLanguage(dir: string, docker: DockerModel | null): Language | null {
  const manifest = readServiceFile(dir, RECORD_FILE)?.text;
  // Not a record, or one naming no language we know: look at the files.
  const recorded = manifest === undefined ? null : recordLanguage(manifest);
  if (recorded) return recorded;
  if (fs.existsSync(path.join(dir, 'go.mod'))) return 'go';
  if (fs.existsSync(path.join(dir, 'package.json'))) return 'node';
  if (['pyproject.toml', 'requirements.txt', 'setup.py'].some((f) => fs.existsSync(path.join(dir, f)))) return 'python';
  if (docker) {
    const img = repoOf(baseImage(docker.final));
    if (/nodejs|\/node$/.test(img)) return 'node';
    if (/python/.test(img)) return 'python';
  }
  return null;
}

function facts(ctx: StaticContext): ServiceFacts {
  const d = ctx.docker;
  if (!d) {
    return {
      language: ctx.language,
      runtimeImage: null,
      builderImage: null,
      entrypoint: null,
      cmd: null,
      workdir: null,
      user: null,
      port: null,
      builderRuns: [],
    };
  }
  const ep = lastOf(d.final, 'ENTRYPOINT');
  const cmd = lastOf(d.final, 'CMD');
  const workdir = lastOf(d.final, 'WORKDIR');
  const user = lastOf(d.final, 'USER');
  const expose = d.final.instructions.find((i) => i.keyword === 'EXPOSE');
  const port = expose ? Number(/^\s*(\d+)/.exec(expose.args)?.[1] ?? NaN) : NaN;
  return {
    language: ctx.language,
    runtimeImage: d.final.from.raw,
    builderImage: d.builder ? baseImage(d.builder).raw : null,
    entrypoint: ep?.json ?? null,
    cmd: cmd?.json ?? null,
    workdir: workdir ? workdir.args.trim() : null,
    user: user ? user.args.trim() : null,
    port: Number.isInteger(port) && port > 0 ? port : null,
    builderRuns: d.builderChain.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map(runCommand)),
    builderEnv: Object.fromEntries(
      d.builderChain.flatMap((s) => s.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => envPairs(i.args))),
    ),
  };
}

/** `ENV A=1 B="x y"` or the legacy `ENV A 1`. */
function envPairs(args: string): [string, string][] {
  const text = args.trim();
  if (!/^[A-Za-z_][\w]*=/.test(text)) {
    const [key, ...rest] = text.split(/\s+/);
    return key ? [[key, rest.join(' ')]] : [];
  }
  return [...text.matchAll(/([A-Za-z_]\w*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)].map(([, k, v]) => [
    k!,
    v!.replace(/^(["'])(.*)\1$/, '$2'),
  ]);
}

export async function buildContext(dir: string, options: StaticCheckOptions = {}): Promise<StaticContext> {
  const abs = path.resolve(dir);
  const read = readServiceFile(abs, 'Dockerfile');
  let docker: DockerModel | null = null;
  let dockerProblem: string | null = null;
  if (read === null) {
    dockerProblem =
      'no Dockerfile in the service directory: add a multi-stage Dockerfile with a distroless final stage';
  } else if (read.problem !== undefined) {
    dockerProblem = `${read.problem}: make the Dockerfile a regular text file of the service`;
  } else {
    docker = parseDockerfile(read.text);
    if (!docker) dockerProblem = 'the Dockerfile has no FROM instruction';
  }
  const ignore = readServiceFile(abs, '.dockerignore');
  const [chart, adr] = await Promise.all([
    loadChart(abs, options),
    options.skipAdr ? Promise.resolve({ kind: 'skipped' } as const) : lintServiceAdrs(abs),
  ]);
  return {
    dir: abs,
    options,
    language: detectLanguage(abs, docker),
    docker,
    dockerProblem,
    dockerignore:
      ignore === null
        ? null
        : ignore.problem !== undefined
          ? { file: '.dockerignore', text: '', problem: ignore.problem }
          : { file: '.dockerignore', text: ignore.text },
    chart,
    adr,
  };
}

/** Runs every static rule over the service in `dir`. Never throws for a bad service. */
export async function checkStatic(dir: string, options: StaticCheckOptions = {}): Promise<StaticResult> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`not a directory: ${dir}`);
  }
  const ctx = await buildContext(dir, options);
  const findings = [...runStaticRules(ctx), ...(ctx.adr.kind === 'linted' ? ctx.adr.findings : [])];
  const order = (f: { file: string; line: number }): string => `${f.file}\u0000${String(f.line).padStart(6, '0')}`;
  findings.sort((a, b) => order(a).localeCompare(order(b)) || a.ruleId.localeCompare(b.ruleId));
  const helm = ctx.chart?.helm;
  return {
    findings,
    facts: facts(ctx),
    renderer: helm ? { name: helm.name, version: helm.version, path: helm.path } : null,
  };
}
