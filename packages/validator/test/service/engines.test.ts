// How a failed container build names its step, which build findings point at.
import { describe, expect, it } from 'vitest';
import { failingStep } from '../../src/service/engines/container.js';

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
