// A long step says that it still runs (review finding 12): a first sandboxed build showed nothing for
// minutes, so a user could not tell a cold cache from a hang.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatProgress, heartbeat, PROGRESS_EVERY_MS, type StepProgress } from '../../src/service/progress.js';
import { verifyService } from '../../src/service/verify.js';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('progress of a long step', () => {
  it('every 30 s while a fake slow step runs: its elapsed time and time limit; nothing after it ends', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const slow = new Promise<void>((resolve) => setTimeout(resolve, 95_000));
    const stop = heartbeat('build (native)', 600_000, (p) => lines.push(formatProgress(p)));
    await vi.advanceTimersByTimeAsync(95_000);
    await slow;
    stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(PROGRESS_EVERY_MS).toBe(30_000);
    expect(lines).toEqual([
      '… build (native) still running: 30 s so far (time limit 10 min)',
      '… build (native) still running: 60 s so far (time limit 10 min)',
      '… build (native) still running: 90 s so far (time limit 10 min)',
    ]);
  });

  it('verifyService reports a running step to onProgress with the step limit, and only while it runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'deploy/chart'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'deploy/chart/Chart.yaml'), 'apiVersion: v2\nname: x\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(dir, 'deploy/chart/values.yaml'), 'a: 1\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    // A fake helm that takes its time: the static step is the slow step.
    const helm = path.join(dir, 'slow-helm');
    fs.writeFileSync(helm, '#!/bin/sh\nsleep 0.4\nexit 1\n', { mode: 0o755 });
    const progress: StepProgress[] = [];
    const stepsDone: string[] = [];
    const stop = new AbortController();
    await verifyService(dir, {
      engine: 'native',
      helm,
      progressEveryMs: 100,
      onProgress: (p) => progress.push({ ...p }),
      // Stop after the static step: nothing is built.
      onStep: (s) => {
        stepsDone.push(s.name);
        if (s.name === 'static checks') stop.abort('SIGINT');
      },
      signal: stop.signal,
    }).catch(() => undefined);
    expect(stepsDone[0]).toBe('static checks');
    const during = progress.filter((p) => p.name === 'static checks');
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.every((p) => p.limitMs === 300_000)).toBe(true);
    // Rising, not 'at least 100 ms': a timer fires by libuv's loop clock, cached before Date.now()
    // was read, so the first report can read 99 ms (it did on Node 24).
    expect(during.every((p, i) => p.elapsedMs > (i === 0 ? 0 : during[i - 1]!.elapsedMs))).toBe(true);
    const count = progress.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(progress.length).toBe(count);
  });
});
