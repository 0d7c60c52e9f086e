// drain-exit tells a service that died of SIGTERM at once (no handler) from one killed after the
// grace period, mentions PID 1 only where it ran as PID 1, and points at where the handler is or
// belongs (review finding 4).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judge, Locator, type Observed } from '../../../src/service/runtime/index.js';
import { drainDetail } from '../../../src/service/verify.js';

type Drain = NonNullable<Observed['drain']>['report'];
const FACTS: Observed['facts'] = {
  language: 'go',
  runtimeImage: null,
  builderImage: null,
  entrypoint: null,
  cmd: null,
  workdir: null,
  user: null,
  port: 8080,
  builderRuns: [],
};
const DRAIN: Drain = {
  readyBefore: 200,
  healthBefore: 200,
  readyWhileDraining: null,
  readyDropMs: null,
  readyEnded: 'exited',
  readyPolledMs: 3,
  readyPolls: 1,
  slowStatus: null,
  exit: { code: null, signal: 'SIGTERM', at: 0 },
  stopToExitMs: 3,
  deliveryMs: 0,
  killed: false,
  refusedAfterExit: true,
};
const KILLED: Partial<Drain> = { exit: { code: 137, signal: 'SIGKILL', at: 0 }, stopToExitMs: 30_000, killed: true };

// As the Go template has it: a helper naming SIGTERM after main, and a Notify call that lost SIGTERM.
const MAIN_GO = [
  'package main', // 1
  '', // 2
  'func main() {', // 3
  '\tsigs := make(chan os.Signal, 1)', // 4
  '\tsignal.Notify(sigs, os.Interrupt)', // 5
  '\t<-sigs', // 6
  '}', // 7
  '', // 8
  'func signalName(sig os.Signal) string {', // 9
  '\tif sig == syscall.SIGTERM {', // 10
  '\t\treturn "SIGTERM"', // 11
  '\t}', // 12
  '\treturn "SIGINT"', // 13
  '}', // 14
].join('\n');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function service(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drain-exit-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
function drainExit(dir: string, report: Partial<Drain>, pid1: boolean) {
  const observed: Observed = { facts: FACTS, drain: { report: { ...DRAIN, ...report }, logs: 'log', pid1 } };
  return judge('drain', observed, { locator: new Locator(dir), timeout: 30 }).find((f) => f.ruleId === 'drain-exit');
}

describe('drain-exit', () => {
  it('a service that died of SIGTERM at once is told so, not that it overran the grace period', () => {
    const dir = service({ 'main.go': MAIN_GO });
    const f = drainExit(dir, {}, false)!;
    expect(f.message).toMatch(/^the service was terminated by SIGTERM itself 3 ms after it was sent \(exit SIGTERM\)/);
    expect(f.message).toContain('no handler caught it, so it exited at once instead of draining');
    expect(f.message).toContain("(no signal handler in the service's sources asks for SIGTERM)");
    expect(f.message).not.toMatch(/grace period|PID 1/);
    // The Notify call that lacks SIGTERM, not the helper that names it.
    expect(f).toMatchObject({ file: 'main.go', line: 5 });
    // A container engine reports the same death as 143.
    expect(drainExit(dir, { exit: { code: 143, signal: null, at: 0 } }, true)!.message).toMatch(
      /^the service was terminated by SIGTERM itself 3 ms after it was sent \(exit 143\)/,
    );
  });

  it('killed after the grace period: PID 1 is named only where the service ran as PID 1', () => {
    const dir = service({ 'main.go': MAIN_GO });
    const asPid1 = drainExit(dir, KILLED, true)!;
    expect(asPid1.message).toMatch(
      /did not exit within the 30 s grace period after SIGTERM and was killed \(exit 137\)/,
    );
    expect(asPid1.message).toContain('as PID 1 a process has no default handler');
    const plain = drainExit(dir, KILLED, false)!;
    expect(plain.message).toMatch(/did not exit within the 30 s grace period/);
    expect(plain.message).not.toContain('PID 1');
  });

  it('points at where the SIGTERM handler belongs in Go, Node and Python, or at main when there is none', () => {
    const at = (files: Record<string, string>) => new Locator(service(files)).locate('sigterm');
    // No handler at all: the entry point's main, not the helper that names SIGTERM.
    expect(at({ 'main.go': MAIN_GO.replace('\tsignal.Notify(sigs, os.Interrupt)', '\t// none') })).toEqual({
      file: 'main.go',
      line: 3,
    });
    expect(at({ 'src/server.ts': "const a = 1;\nprocess.on('SIGINT', () => stop());\n" })).toEqual({
      file: 'src/server.ts',
      line: 2,
    });
    expect(at({ 'app/server.py': 'import signal\n\nsignal.signal(signal.SIGINT, stop)\n' })).toEqual({
      file: 'app/server.py',
      line: 3,
    });
    expect(at({ 'app/server.py': 'loop.add_signal_handler(signal.SIGINT, stop)\n' })).toEqual({
      file: 'app/server.py',
      line: 1,
    });
    expect(at({ 'app/main.py': 'import x\n\nif __name__ == "__main__":\n    run()\n' })).toEqual({
      file: 'app/main.py',
      line: 3,
    });
    // A handler that asks for SIGTERM wins over all of them.
    expect(
      at({ 'main.go': MAIN_GO.replace('signal.Notify(sigs, os.Interrupt)', 'signal.Notify(sigs, syscall.SIGTERM)') }),
    ).toEqual({ file: 'main.go', line: 5 });
  });

  it("the drain step's line names the signal that ended the service, not 'exit null'", () => {
    expect(drainDetail(DRAIN)).toBe('exit SIGTERM, 3 ms after SIGTERM (delivered in 0 ms)');
    expect(drainDetail({ ...DRAIN, exit: { code: 0, signal: null, at: 0 }, readyDropMs: 4 })).toBe(
      'exit 0, 3 ms after SIGTERM (delivered in 0 ms, /readyz 503 after 4 ms)',
    );
  });
});
