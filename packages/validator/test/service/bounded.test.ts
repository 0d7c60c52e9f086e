// Bounds against hostile services and charts: output kept as head and tail with the rest counted,
// a command's whole process group killed when its step's signal fires, alias bombs in values.yaml
// reported as findings, and step signals that fire at their deadline or on an interrupt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeadlineError, InterruptedError, stepSignal } from '../../src/service/deadline.js';
import { BoundedOutput, runBounded } from '../../src/service/engines/process.js';
import { checkStatic } from '../../src/service/static/index.js';

describe('BoundedOutput', () => {
  it('keeps the head and the tail and counts what it dropped', () => {
    const out = new BoundedOutput(10, 10);
    out.push('0123456789');
    for (let i = 0; i < 1000; i++) out.push('abcdefghij');
    out.push('TAIL-12345');
    const text = out.toString();
    expect(text.startsWith('0123456789\n')).toBe(true);
    expect(text.endsWith('\nTAIL-12345')).toBe(true);
    expect(out.omitted).toBe(10_000);
    expect(text).toContain('10000 characters of output omitted');
  });

  it('keeps everything when it fits', () => {
    const out = new BoundedOutput(10, 10);
    out.push('short');
    out.push(' text');
    expect(out.toString()).toBe('short text');
    expect(out.omitted).toBe(0);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runBounded', () => {
  it('kills the whole process group when its signal fires, background children included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bounded-'));
    const pidFile = path.join(dir, 'pid');
    const controller = new AbortController();
    // A command that leaves a background sleeper (recording its pid), then waits forever itself.
    const run = runBounded('sh', ['-c', `sleep 3600 & echo $! > ${pidFile}; echo started; sleep 3600`], {
      signal: controller.signal,
    });
    const until = Date.now() + 30_000;
    while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8').trim()) {
      if (Date.now() > until) throw new Error('the command did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    const background = Number(fs.readFileSync(pidFile, 'utf8'));
    controller.abort();
    const r = await run;
    expect(r.stopped).toBe(true);
    expect(r.output).toContain('started');
    const gone = Date.now() + 10_000;
    while (alive(background) && Date.now() < gone) await new Promise((res) => setTimeout(res, 20));
    expect(alive(background)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends background children when the command itself exits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bounded-'));
    const pidFile = path.join(dir, 'pid');
    const r = await runBounded('sh', ['-c', `sleep 3600 & echo $! > ${pidFile}; exit 3`]);
    expect(r.exitCode).toBe(3);
    const background = Number(fs.readFileSync(pidFile, 'utf8'));
    const gone = Date.now() + 10_000;
    while (alive(background) && Date.now() < gone) await new Promise((res) => setTimeout(res, 20));
    expect(alive(background)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bounds a flood of output', async () => {
    // 64 MiB through the pipe; what is kept stays within the head and tail bounds.
    const r = await runBounded(process.execPath, [
      '-e',
      "const b = Buffer.alloc(1 << 20, 'y'); for (let i = 0; i < 64; i++) process.stdout.write(b); " +
        "process.stdout.write('END')",
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.output.length).toBeLessThan(80 * 1024);
    expect(r.output.endsWith('END')).toBe(true);
    expect(r.output).toMatch(/\d+ characters of output omitted/);
  });

  it('reports a missing executable as output, not as an exception', async () => {
    const r = await runBounded('/nonexistent/tool', []);
    expect(r.exitCode).toBeNull();
    expect(r.output).toMatch(/ENOENT|not found|nonexistent/);
  });
});

describe('stepSignal', () => {
  it('fires with DeadlineError at its deadline', async () => {
    const s = stepSignal('build', 10);
    await expect(s.fired).rejects.toBeInstanceOf(DeadlineError);
    expect(s.signal.aborted).toBe(true);
    s.dispose();
  });

  it('fires with InterruptedError when the outer signal fires', async () => {
    const outer = new AbortController();
    const s = stepSignal('build', 60_000, outer.signal);
    outer.abort('SIGINT');
    await expect(s.fired).rejects.toBeInstanceOf(InterruptedError);
    await expect(s.fired).rejects.toThrow('SIGINT');
    s.dispose();
  });
});

describe('hostile charts', () => {
  it('reports an alias bomb in values.yaml as a finding', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alias-bomb-'));
    const chart = path.join(dir, 'deploy', 'chart');
    fs.mkdirSync(chart, { recursive: true });
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: bomb\nversion: 0.1.0\n');
    // Nine levels of nine aliases each: 9^9 nodes once expanded.
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    fs.writeFileSync(path.join(chart, 'values.yaml'), `${lines.join('\n')}\n`);
    const r = await checkStatic(dir, { helm: false, skipAdr: true });
    const bomb = r.findings.find((f) => f.file === 'deploy/chart/values.yaml');
    expect(bomb).toMatchObject({ ruleId: 'helm-chart', severity: 'error' });
    expect(bomb!.message).toMatch(/alias/i);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
