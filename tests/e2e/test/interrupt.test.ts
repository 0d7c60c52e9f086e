// Interrupting the verifier: SIGINT, SIGTERM and SIGHUP at each step (static checks, build, waiting
// for readiness, drain), with the native engine and with podman. Each run must exit 128 + the
// signal's number and leave nothing behind: no process of the target, no temporary folder, and for
// podman no container, image or build container of its own.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bwrapWorks,
  hostileService,
  ownBaseNames,
  PYTHON_BUILDER,
  PYTHON_RUNTIME,
  type Hostility,
} from './support/hostile.js';
import { addChart, hangingHelm, interruptAt, SIGNALS, type Signal, type Step } from './support/interrupt.js';

const HOSTILITY: Record<Step, Hostility> = {
  static: {},
  build: { testSleeps: 3600 },
  ready: { startSleeps: 3600 },
  drain: { ignoreTerm: true },
};

function setup(step: Step, engine: 'native' | 'podman') {
  const marker = `hostile-${randomBytes(6).toString('hex')}`;
  let bases: { builder: string; runtime: string } | undefined;
  if (engine === 'podman') {
    // Base images of the run's own: a label makes each a new image ID, so a build container made
    // from one is this run's (a tag alone would share its ID with other builds' bases).
    bases = ownBaseNames(marker);
    for (const [from, name] of [
      [PYTHON_BUILDER, bases.builder],
      [PYTHON_RUNTIME, bases.runtime],
    ] as const) {
      const context = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-base-'));
      fs.writeFileSync(path.join(context, 'Containerfile'), `FROM ${from}\nLABEL hostile.marker=${marker}\n`);
      spawnSync('podman', ['build', '--pull=never', '-t', name, context]);
      fs.rmSync(context, { recursive: true, force: true });
    }
  }
  const dir = hostileService(marker, HOSTILITY[step], bases);
  const extra: string[] = [];
  if (step === 'static') {
    addChart(dir);
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hanging-helm-'));
    extra.push('--helm', hangingHelm(bin, marker));
  }
  const done = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (bases) spawnSync('podman', ['rmi', bases.builder, bases.runtime]);
  };
  return { marker, dir, extra, done };
}

const cases = (['static', 'build', 'ready', 'drain'] as const).flatMap((step) =>
  (Object.keys(SIGNALS) as Signal[]).map((sig) => ({ step, sig })),
);

const sandbox = bwrapWorks();
const python = spawnSync('sh', ['-c', 'command -v python3']).status === 0 ? null : 'no python3 on PATH';
const nativeReason = sandbox ?? python;
if (nativeReason && !process.env.CI) console.warn(`SKIP interrupting the native engine: ${nativeReason}`);

describe.skipIf(nativeReason !== null && !process.env.CI)('interrupting the native engine', () => {
  it.each(cases)('$sig during $step: exit 128+n, nothing left', async ({ step, sig }) => {
    if (nativeReason) throw new Error(`${nativeReason} — required because CI=true`);
    const { marker, dir, extra, done } = setup(step, 'native');
    const r = await interruptAt(dir, marker, 'native', step, sig, extra);
    done();
    expect(r.signalled, r.stderr).toBe(true);
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stderr).toBe(SIGNALS[sig]);
  });
});

function podmanReason(): string | null {
  if (spawnSync('podman', ['info'], { stdio: 'ignore', timeout: 30_000 }).status !== 0)
    return 'no working podman (.ci/containers/setup-podman.sh sets it up)';
  for (const image of [PYTHON_BUILDER, PYTHON_RUNTIME])
    if (spawnSync('podman', ['image', 'inspect', image], { stdio: 'ignore' }).status !== 0)
      return `podman lacks ${image} (.ci/containers/build-standins.sh builds it)`;
  return null;
}
const noPodman = podmanReason();
if (noPodman && !process.env.CI) console.warn(`SKIP interrupting the podman engine: ${noPodman}`);

describe.skipIf(noPodman !== null && !process.env.CI)('interrupting the podman engine', () => {
  // The cleanup of a running container (rm -f, rmi) takes seconds, so the second signal lands in it
  // (the native engine's cleanup takes a fraction of a second: a signal aimed at it mostly misses).
  it.each([
    { step: 'build', sig: 'SIGINT', again: 'SIGTERM' },
    { step: 'drain', sig: 'SIGTERM', again: 'SIGINT' },
  ] as const)(
    'a second signal during cleanup ($sig during $step, then $again): exit 128+n of the first, nothing left',
    async ({ step, sig, again }) => {
      if (noPodman) throw new Error(`${noPodman} — required because CI=true`);
      const { marker, dir, extra, done } = setup(step, 'podman');
      const r = await interruptAt(dir, marker, 'podman', step, sig, extra, again);
      done();
      expect(r.signalled && r.again, r.stderr).toBe(true);
      expect(r.stderr).toContain(`${again} again: still removing what it started`);
      expect(r.leftovers).toEqual([]);
      expect(r.code, r.stderr).toBe(SIGNALS[sig]);
    },
  );

  // Static checks run before any engine: the native cases cover them.
  it.each(cases.filter((c) => c.step !== 'static'))(
    '$sig during $step: exit 128+n, no container, image or build container left',
    async ({ step, sig }) => {
      if (noPodman) throw new Error(`${noPodman} — required because CI=true`);
      const { marker, dir, extra, done } = setup(step, 'podman');
      const r = await interruptAt(dir, marker, 'podman', step, sig, extra);
      done();
      expect(r.signalled, r.stderr).toBe(true);
      expect(r.leftovers).toEqual([]);
      expect(r.code, r.stderr).toBe(SIGNALS[sig]);
    },
  );
});
