// Runs the verifier CLI on a hostile service, sends it a signal once a chosen step is under way, and
// collects what it left behind: processes carrying the run's marker, its temporary folders (a
// private TMPDIR), and for podman the containers and images labelled with its pid and any build
// container made from the test's own builder image since the run began.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validatorCli } from './bins.js';
import { processesWith } from './hostile.js';
import { poll } from './wait.js';

export type Step = 'static' | 'build' | 'ready' | 'drain';
export const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type Signal = keyof typeof SIGNALS;

export interface Outcome {
  code: number | null;
  stderr: string;
  /** Marker processes, temp entries, containers and images still there after the exit. */
  leftovers: string[];
  /** Whether the signal was sent while the step was under way (false: the run ended first). */
  signalled: boolean;
  /** Whether the second signal (`again`) was sent while the verifier was stopping. */
  again: boolean;
}

/**
 * Whether the verifier runs one of its container cleanup commands now (`podman rm`, `rmi`, `images`
 * or `kill`, as its child): the moment a second signal hits the cleanup itself.
 */
function inContainerCleanup(pid: number): boolean {
  let children: string[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return false;
  }
  return children.some((c) => {
    try {
      const argv = fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0');
      return /(^|\/)podman$/.test(argv[0] ?? '') && ['rm', 'rmi', 'images', 'kill'].includes(argv[1] ?? '');
    } catch {
      return false;
    }
  });
}

function podmanLines(args: string[]): string[] {
  const r = spawnSync('podman', args, { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [`podman ${args.join(' ')} failed: ${r.stderr}`];
}

/**
 * Build containers of this run (buildah's, which carry no labels): made from the run's own base
 * names (see ownBaseNames), or from an intermediate image labelled with the verifier's pid.
 */
function buildContainers(marker: string, pid: number): string[] {
  return podmanLines(['ps', '-a', '--external', '--format', '{{.ID}} {{.Image}} {{.ImageID}}']).filter((l) => {
    const [, image = '', imageId = ''] = l.split(' ');
    const own = podmanLines(['image', 'inspect', imageId, '--format', `{{index .Labels "hostile.marker"}}`]);
    if (own[0] === marker) return true;
    if (!image.includes('-tmp')) return false;
    const label = podmanLines(['image', 'inspect', imageId, '--format', `{{index .Labels "distroless-validate.pid"}}`]);
    return label[0] === String(pid);
  });
}

export async function interruptAt(
  dir: string,
  marker: string,
  engine: 'native' | 'podman',
  step: Step,
  sig: Signal,
  extra: string[] = [],
  /** A second signal, sent while the verifier stops (podman: while it runs a cleanup command). */
  again?: Signal,
): Promise<Outcome> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'interrupt-tmp-'));
  const child = spawn(
    process.execPath,
    [validatorCli, 'service', dir, '--engine', engine, '--pull', 'never', '--grace', '30', ...extra],
    { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.resume();
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  // The step is under way when what it runs is visible: a marker process (static: the fake helm;
  // build: the unit test's sleeper), or the line of the step before it.
  const reached: Record<Step, () => boolean> = {
    static: () => processesWith(marker).length > 0,
    build: () => processesWith(marker).length > 0,
    ready: () => /✔ start\b/.test(stderr),
    drain: () => /idle memory/.test(stderr),
  };
  const signalled = await poll(() => exitCode !== undefined || reached[step](), 300_000);
  const sent = signalled && exitCode === undefined;
  if (sent) child.kill(sig);
  else child.kill('SIGKILL');
  let againSent = false;
  if (sent && again) {
    const stopping = () =>
      /stopping and removing what it started/.test(stderr) && (engine === 'native' || inContainerCleanup(child.pid!));
    againSent = (await poll(() => exitCode !== undefined || stopping(), 120_000)) && exitCode === undefined;
    if (againSent) child.kill(again);
  }
  const code = await exited;
  const leftovers: string[] = [];
  // Killed processes are reaped a moment after the exit: wait for that, with a bound.
  await poll(() => processesWith(marker).length === 0, 10_000);
  leftovers.push(...processesWith(marker));
  leftovers.push(...fs.readdirSync(tmp).map((e) => `temp: ${e}`));
  if (engine === 'podman' && child.pid) {
    const label = `label=distroless-validate.pid=${child.pid}`;
    leftovers.push(...podmanLines(['ps', '-a', '--filter', label, '--format', 'container {{.Names}}']));
    leftovers.push(...podmanLines(['images', '-a', '--filter', label, '--format', 'image {{.ID}}']));
    leftovers.push(...buildContainers(marker, child.pid).map((c) => `build container ${c}`));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return { code, stderr, leftovers, signalled: sent, again: againSent };
}

/** A helm stand-in that answers `version` and hangs on everything else, carrying the marker. */
export function hangingHelm(dir: string, marker: string): string {
  const file = path.join(dir, 'hanging-helm');
  fs.writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = version ]; then echo v3.15.0; exit 0; fi\n` +
      `exec python3 -c 'import time; time.sleep(3600)' ${marker}\n`,
    { mode: 0o755 },
  );
  return file;
}

/** A minimal chart, so the static step runs helm. */
export function addChart(dir: string): void {
  const chart = path.join(dir, 'deploy', 'chart');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: hostile\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(chart, 'values.yaml'), 'replicaCount: 1\n');
}
