// Where runtime findings point: a line a user can open in a generated service (the SIGTERM handler,
// the /readyz handler, the Dockerfile instruction), never a whole file (line 0).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, Locator, runtimeRules, type Anchor, type Observed } from '@distroless-service/validator/service';
import { edit, generatedService, lineMatching, variant } from './support/services.js';

const sources = {
  go: { sigterm: ['main.go', /signal\.Notify\(/], readyz: ['server.go', /handle\("\/readyz"/] },
  // The handler's line, not the earlier set of quiet routes that also names /readyz.
  node: { sigterm: ['src/server.ts', /'SIGTERM'/], readyz: ['src/service.ts', /case '\/readyz':/] },
  python: {
    sigterm: ['app/server.py', /signal\.SIGTERM, signal\.SIGINT/],
    readyz: ['app/server.py', /Route\("\/readyz"/],
  },
} as const;

const FACTS: Observed['facts'] = {
  language: 'go',
  runtimeImage: 'gcr.io/distroless/static-debian13:nonroot',
  builderImage: null,
  entrypoint: null,
  cmd: null,
  workdir: null,
  user: null,
  port: 8080,
  builderRuns: [],
};
type Drain = NonNullable<Observed['drain']>['report'];
const GOOD_DRAIN: Drain = {
  readyBefore: 200,
  healthBefore: 200,
  readyWhileDraining: 503,
  readyDropMs: 10,
  readyEnded: '503',
  readyPolledMs: 10,
  readyPolls: 1,
  slowStatus: 200,
  exit: { code: 0, signal: null, at: 0 },
  stopToExitMs: 2000,
  deliveryMs: 5,
  killed: false,
  refusedAfterExit: true,
};
const KILLED: Partial<Drain> = {
  readyWhileDraining: 200,
  readyDropMs: null,
  readyEnded: 'window',
  exit: { code: 137, signal: 'SIGKILL', at: 0 },
  killed: true,
};

describe('Locator', { timeout: 120_000 }, () => {
  it.each(['go', 'node', 'python'] as const)(
    'points %s drain findings at the SIGTERM handler and the /readyz handler',
    (lang) => {
      const dir = generatedService(lang);
      const locator = new Locator(dir);
      for (const anchor of ['sigterm', 'readyz'] as const) {
        const [file, re] = sources[lang][anchor];
        expect(locator.locate(anchor)).toEqual({ file, line: lineMatching(dir, file, re) });
      }
      // A service that ignores SIGTERM and never turns unready: the drain rules point at those handlers.
      const observed: Observed = { facts: FACTS, drain: { report: { ...GOOD_DRAIN, ...KILLED }, logs: '' } };
      const found = judge('drain', observed, { locator, timeout: 5 });
      expect(found.find((f) => f.ruleId === 'drain-exit')).toMatchObject({
        file: sources[lang].sigterm[0],
        severity: 'error',
      });
      expect(found.find((f) => f.ruleId === 'drain-readiness')?.file).toBe(sources[lang].readyz[0]);
    },
  );

  it('points a Fastify service at its /readyz and /healthz routes', () => {
    const dir = generatedService('node', 'distroless', 'fastify');
    const locator = new Locator(dir);
    expect(locator.locate('readyz')).toEqual({
      file: 'src/service.ts',
      line: lineMatching(dir, 'src/service.ts', /app\.get\('\/readyz'/),
    });
    expect(locator.locate('healthz')).toEqual({
      file: 'src/service.ts',
      line: lineMatching(dir, 'src/service.ts', /app\.get\('\/healthz'/),
    });
  });

  it('takes a line listing a probe path among others only when no line names it alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locate-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.py'), 'QUIET = {"/healthz", "/readyz"}\n');
      fs.writeFileSync(path.join(dir, 'b.py'), '# "/readyz" in a comment\nroutes.add("/readyz", ready)\n');
      expect(new Locator(dir).locate('readyz')).toEqual({ file: 'b.py', line: 2 });
      expect(new Locator(dir).locate('healthz')).toEqual({ file: 'a.py', line: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('points a Go drain finding at the signal.Notify call, not an earlier helper that names SIGTERM', () => {
    // A team's refactor: signalName() moved to lifecycle.go (read before main.go), Notify's arguments one a line.
    const dir = variant('go', (d) => {
      const main = fs.readFileSync(path.join(d, 'main.go'), 'utf8');
      const helper = main.slice(main.indexOf('func signalName('));
      fs.writeFileSync(path.join(d, 'main.go'), main.slice(0, main.indexOf('func signalName(')));
      fs.writeFileSync(path.join(d, 'lifecycle.go'), `package main\n\nimport (\n\t"os"\n\t"syscall"\n)\n\n${helper}`);
      edit(
        d,
        'main.go',
        'signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)',
        'signal.Notify(sigs,\n\t\tsyscall.SIGTERM,\n\t\tos.Interrupt)',
      );
    });
    expect(lineMatching(dir, 'lifecycle.go', /syscall\.SIGTERM/)).toBeGreaterThan(0);
    const locator = new Locator(dir);
    expect(locator.locate('sigterm')).toEqual({
      file: 'main.go',
      line: lineMatching(dir, 'main.go', /signal\.Notify\(/),
    });
    const observed: Observed = { facts: FACTS, drain: { report: { ...GOOD_DRAIN, ...KILLED }, logs: '' } };
    expect(judge('drain', observed, { locator, timeout: 5 }).find((f) => f.ruleId === 'drain-exit')).toMatchObject({
      file: 'main.go',
      line: lineMatching(dir, 'main.go', /signal\.Notify\(/),
    });
  });

  it('Go: NotifyContext and a Notify that relays every signal count; one that asks only for SIGINT does not', () => {
    const at = (files: Record<string, string>) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locate-'));
      try {
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        return new Locator(dir).locate('sigterm');
      } finally {
        fs.rmSync(dir, { recursive: true });
      }
    };
    const names = 'func name(s os.Signal) bool { return s == syscall.SIGTERM }\n';
    const context = 'ctx, stop := signal.NotifyContext(context.Background(),\n\tos.Interrupt, syscall.SIGTERM)\n';
    expect(at({ 'a.go': names, 'b.go': `// signal.Notify(c)\n${context}` })).toEqual({ file: 'b.go', line: 2 });
    expect(at({ 'a.go': names, 'b.go': 'signal.Notify(c)\n' })).toEqual({ file: 'b.go', line: 1 });
    // Only SIGINT: not the SIGTERM handler, but where SIGTERM belongs (not a helper that only names it).
    expect(at({ 'a.go': names, 'b.go': 'signal.Notify(c, os.Interrupt)\n' })).toEqual({ file: 'b.go', line: 1 });
    // No handler at all: the entry point's main.
    expect(at({ 'a.go': names, 'b.go': 'package main\n\nfunc main() {\n}\n' })).toEqual({ file: 'b.go', line: 3 });
  });

  it("Go without SIGTERM in its Notify call (review finding 4): the call, not signalName's line", () => {
    const dir = variant('go', (d) =>
      edit(d, 'main.go', 'signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)', 'signal.Notify(sigs, os.Interrupt)'),
    );
    const locator = new Locator(dir);
    expect(locator.inSources('sigterm')).toBe(false);
    expect(locator.locate('sigterm')).toEqual({
      file: 'main.go',
      line: lineMatching(dir, 'main.go', /signal\.Notify\(/),
    });
  });

  it('points at the handler that lacks SIGTERM, or the ENTRYPOINT line when nothing handles a signal', () => {
    const dir = variant('python', (d) =>
      edit(d, 'app/server.py', 'for sig in (signal.SIGTERM, signal.SIGINT)}', 'for sig in (signal.SIGINT,)}'),
    );
    const locator = new Locator(dir);
    expect(locator.inSources('sigterm')).toBe(false);
    expect(locator.locate('sigterm')).toEqual({
      file: 'app/server.py',
      line: lineMatching(dir, 'app/server.py', /signal\.signal\(sig, /),
    });
    // No handler and no main in the sources (comments do not count): the command that starts the service.
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'locate-'));
    try {
      fs.writeFileSync(path.join(bare, 'Dockerfile'), 'FROM x\nENTRYPOINT ["/app"]\n');
      fs.writeFileSync(path.join(bare, 'app.py'), '# signal.signal(signal.SIGTERM, h)\nrun()\n');
      expect(new Locator(bare).locate('sigterm')).toEqual({ file: 'Dockerfile', line: 2 });
    } finally {
      fs.rmSync(bare, { recursive: true });
    }
  });

  it('points image and build findings at their Dockerfile instruction', () => {
    const dir = generatedService('go');
    const locator = new Locator(dir);
    const line = (re: RegExp) => ({ file: 'Dockerfile', line: lineMatching(dir, 'Dockerfile', re) });
    expect(locator.locate('user')).toEqual(line(/^USER /));
    expect(locator.locate('entrypoint')).toEqual(line(/^ENTRYPOINT /));
    expect(locator.locate('cgo')).toEqual(line(/^ENV CGO_ENABLED=0/));
    expect(locator.locate('final-from')).toEqual(line(/^FROM gcr\.io\/distroless/));
    // As podman names a step, and as the native engine names the command it ran.
    expect(locator.locate('build', 'RUN go vet ./... && go test ./...')).toEqual(line(/^RUN .*go-build/));
    expect(locator.locate('build', 'go build')).toEqual(line(/^RUN .*go-build/));
    // Unknown step: the builder stage's FROM.
    expect(locator.locate('build', 'RUN something else')).toEqual(line(/^FROM golang/));
  });

  it('gives every anchor a line of its own, never line 0', () => {
    const anchors: Anchor[] = ['build', 'final-from', 'user', 'entrypoint', 'cgo', 'sigterm', 'readyz', 'healthz'];
    for (const lang of ['go', 'node', 'python'] as const) {
      const locator = new Locator(generatedService(lang));
      for (const anchor of anchors) {
        const at = locator.locate(anchor);
        expect(at.line, `${lang} ${anchor}`).toBeGreaterThan(0);
        expect(at.file).not.toBe('');
      }
    }
  });

  it('every runtime rule reports on a line of its own when its observation goes wrong', () => {
    const locator = new Locator(generatedService('go'));
    const failure = Object.assign(new Error('failed'), { output: '', step: 'RUN go build' });
    const bad: Observed = {
      facts: FACTS,
      build: { error: failure as never, artifact: null },
      image: { user: '0', entrypoint: ['/bin/sh', '-c', 'x'], cmd: null, sizeBytes: 1, shell: true },
      start: { error: failure as never },
      ready: { error: failure as never, logs: '' },
    };
    const drained: Observed = {
      facts: FACTS,
      drain: { report: { ...GOOD_DRAIN, ...KILLED, healthBefore: 500, readyBefore: 500, slowStatus: null }, logs: '' },
    };
    const notFound: Observed = { facts: FACTS, drain: { report: { ...GOOD_DRAIN, slowStatus: 404 }, logs: '' } };
    const found = [
      ...(['build', 'image', 'start', 'ready'] as const).flatMap((s) => judge(s, bad, { locator, timeout: 5 })),
      ...judge('drain', drained, { locator, timeout: 5 }),
      ...judge('drain', notFound, { locator, timeout: 5 }),
    ];
    // go-static-binary needs a real binary; the dynamic tests build one.
    const expected = runtimeRules.map((r) => r.meta.id).filter((id) => id !== 'go-static-binary');
    expect([...new Set(found.map((f) => f.ruleId))].sort()).toEqual(expected.sort());
    for (const f of found) expect(f.line, f.ruleId).toBeGreaterThan(0);
    expect(judge('drain', { facts: FACTS, drain: { report: GOOD_DRAIN, logs: '' } }, { locator, timeout: 5 })).toEqual(
      [],
    );
  });
});
