// How a failed container build names its step, which build findings point at.
import { describe, expect, it } from 'vitest';
import { failingStep } from '../../src/service/engines/container.js';
import { tail } from '../../src/service/engines/types.js';

describe('failingStep', () => {
  it('reads the failing step from podman and BuildKit output', () => {
    expect(
      failingStep(
        'STEP 1/4: FROM python:3.13\nSTEP 2/4: RUN python -m unittest discover -s tests -v\nFAILED\nError: ' +
          'building at STEP "RUN python -m unittest discover -s tests -v": while running runtime: exit status 1',
      ),
    ).toBe('RUN python -m unittest discover -s tests -v');
    expect(failingStep('STEP 1/3: FROM x\nSTEP 2/3: COPY a b\nError: something else')).toBe('COPY a b');
    expect(
      failingStep(
        '#7 [build 3/5] RUN npm test\n#7 ERROR: process "/bin/sh -c npm test" did not complete successfully: exit ' +
          'code: 1',
      ),
    ).toBe('RUN npm test');
    expect(failingStep('no steps at all')).toBeUndefined();
  });
});

describe('tail', () => {
  // What a build prints after the tests: the runner's summary, then the build tool's own lines.
  const after = (n: number) => Array.from({ length: n }, (_, i) => `build line ${i + 1}`).join('\n');

  it('keeps a short output whole, and a long one without failures to its last lines', () => {
    expect(tail('a\nb\nc\n', 25)).toBe('a\nb\nc');
    expect(tail(after(30), 25)).toBe(after(30).split('\n').slice(5).join('\n'));
  });

  it('keeps a TAP failure from node --test that the last lines would drop', () => {
    const tap = [
      'TAP version 13',
      '# Subtest: answers /readyz',
      'not ok 1 - answers /readyz',
      '  ---',
      '  duration_ms: 2.589838',
      "  location: '/app/dist-test/test/server.test.js:2:1'",
      "  failureType: 'testCodeFailure'",
      '  error: |-',
      '    Expected values to be strictly equal:',
      '    ',
      '    500 !== 200',
      '  code: ERR_ASSERTION',
      '# Subtest: ok one',
      'ok 2 - ok one',
    ];
    const out = tail(`> tsc -p tsconfig.test.json\n${tap.join('\n')}\n${after(25)}`, 25);
    // From `not ok` on, eight lines: up to the message's first line and the blank one in it.
    expect(out.split('\n').slice(0, 9)).toEqual([...tap.slice(2, 10), '[… 7 lines omitted …]']);
    expect(out.endsWith(after(25))).toBe(true);
  });

  it('keeps go test and unittest failures, BuildKit prefixes and all', () => {
    const go = ['--- FAIL: TestReadyz (0.00s)', '    server_test.go:31: GET /readyz = 500, want 200', 'FAIL'];
    const goOut = `ok  \tx/internal\t0.002s\n${go.join('\n')}\nFAIL\tx\t0.003s\n\n${after(25)}`;
    expect(tail(goOut, 25).split('\n').slice(0, 6)).toEqual([
      ...go,
      'FAIL\tx\t0.003s',
      '[… 2 lines omitted …]',
      'build line 1',
    ]);
    const unittest = [
      'FAIL: test_readyz (test_app.T.test_readyz)',
      '----------------------------------------------------------------------',
      'Traceback (most recent call last):',
      '  File "/app/tests/test_app.py", line 3, in test_readyz',
      '    self.assertEqual(500, 200)',
      'AssertionError: 500 != 200',
    ];
    expect(tail(`test_readyz (test_app.T.test_readyz) ... FAIL\n\n${unittest.join('\n')}\n\n${after(25)}`, 25)).toBe(
      `${unittest.join('\n')}\n[… 3 lines omitted …]\n${after(25)}`,
    );
    expect(tail(`#9 3.2 --- FAIL: TestReadyz (0.00s)\n#9 3.2 FAIL\n${after(25)}`, 25).split('\n')[0]).toBe(
      '#9 3.2 --- FAIL: TestReadyz (0.00s)',
    );
  });

  it('keeps at most three failures, each at most eight lines', () => {
    const failure = (n: number) => [
      `not ok ${n} - test ${n}`,
      ...Array.from({ length: 12 }, (_, i) => `  detail ${i}`),
    ];
    const out = tail([1, 2, 3, 4, 5].flatMap(failure).join('\n') + `\n${after(25)}`, 25).split('\n');
    expect(out.filter((l) => l.startsWith('not ok'))).toEqual([
      'not ok 1 - test 1',
      'not ok 2 - test 2',
      'not ok 3 - test 3',
    ]);
    expect(out.length).toBe(3 * 8 + 1 + 25);
  });
});
