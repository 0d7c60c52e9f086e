// Where runtime findings point: a line a user can open in a generated service (the SIGTERM handler,
// the /readyz handler, the Dockerfile instruction), never a whole file (line 0).
import { describe, expect, it } from 'vitest';
import { failingStep } from '../../../src/service/engines/container.js';
import { Locator, RUNTIME_CHECKS, type RuntimeCheckId } from '../../../src/service/runtime.js';
import { edit, generatedService, lineMatching, variant } from '../static/support.js';

const sources = {
  go: { sigterm: ['main.go', /signal\.NotifyContext/], readyz: ['server.go', /"GET \/readyz"/] },
  node: { sigterm: ['src/server.ts', /'SIGTERM'/], readyz: ['src/service.ts', /'\/readyz'/] },
  python: { sigterm: ['app/main.py', /signal\.SIGTERM, on_signal/], readyz: ['app/server.py', /"\/readyz"/] },
} as const;

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
      expect(locator.finding('drain-exit', 'x')).toMatchObject({ file: sources[lang].sigterm[0], severity: 'error' });
      expect(locator.finding('drain-readiness', 'x').file).toBe(sources[lang].readyz[0]);
    },
  );

  it('falls back to the ENTRYPOINT line when no source line handles SIGTERM (comments do not count)', () => {
    const dir = variant('python', (d) =>
      edit(d, 'app/main.py', 'signal.signal(signal.SIGTERM, on_signal)', 'pass  # no SIGTERM handler'),
    );
    const locator = new Locator(dir);
    expect(locator.inSources('sigterm')).toBe(false);
    expect(locator.locate('sigterm')).toEqual({
      file: 'Dockerfile',
      line: lineMatching(dir, 'Dockerfile', /^ENTRYPOINT /),
    });
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
    expect(locator.locate('build', 'RUN go vet ./... && go test ./...')).toEqual(line(/^RUN go vet/));
    expect(locator.locate('build', 'go build')).toEqual(line(/^RUN go build/));
    // Unknown step: the builder stage's FROM.
    expect(locator.locate('build', 'RUN something else')).toEqual(line(/^FROM golang/));
  });

  it('gives every runtime check a line of its own, never line 0', () => {
    for (const lang of ['go', 'node', 'python'] as const) {
      const locator = new Locator(generatedService(lang));
      for (const id of Object.keys(RUNTIME_CHECKS) as RuntimeCheckId[]) {
        const f = locator.finding(id, 'x');
        expect(f.line, `${lang} ${id}`).toBeGreaterThan(0);
        expect(f.file).not.toBe('');
      }
    }
  });
});

describe('failingStep', () => {
  it('reads the failing step from podman and BuildKit output', () => {
    expect(
      failingStep(
        'STEP 1/4: FROM python:3.13\nSTEP 2/4: RUN python -m unittest discover -s tests -v\nFAILED\nError: building at STEP "RUN python -m unittest discover -s tests -v": while running runtime: exit status 1',
      ),
    ).toBe('RUN python -m unittest discover -s tests -v');
    expect(failingStep('STEP 1/3: FROM x\nSTEP 2/3: COPY a b\nError: something else')).toBe('COPY a b');
    expect(
      failingStep(
        '#7 [build 3/5] RUN npm test\n#7 ERROR: process "/bin/sh -c npm test" did not complete successfully: exit code: 1',
      ),
    ).toBe('RUN npm test');
    expect(failingStep('no steps at all')).toBeUndefined();
  });
});
