// `service` output goes through the shared reporters: every rule it can report is in the SARIF rule
// table (static, runtime, ADR rules under adr/), paths are shown from where the command ran.
import { describe, expect, it } from 'vitest';
import { reporters } from '../src/reporters/index.js';
import { serviceReport, serviceRules } from '../src/service/report.js';
import { runtimeRules } from '../src/service/runtime/index.js';
import { staticRules } from '../src/service/static/rules/index.js';
import type { VerifyResult } from '../src/service/verify.js';

const result: VerifyResult = {
  ok: false,
  engine: 'podman',
  findings: [
    { ruleId: 'dockerfile-user', severity: 'error', file: 'Dockerfile', line: 21, column: 0, message: 'USER 0' },
    { ruleId: 'drain-exit', severity: 'error', file: 'main.go', line: 30, column: 0, message: 'killed\nlog line' },
    { ruleId: 'adr/status-valid', severity: 'warning', file: 'docs/adr/0001-x.md', line: 3, column: 9, message: 's' },
  ],
  steps: [{ name: 'static checks', ok: false, ms: 5 }],
};

describe('service report', () => {
  it('lists every static, runtime and ADR rule once', () => {
    const ids = serviceRules().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of staticRules) expect(ids).toContain(r.meta.id);
    for (const r of runtimeRules) expect(ids).toContain(r.meta.id);
    expect(ids).toContain('adr/status-valid');
  });

  it('sarif: every finding points at its own rule, with paths from where the command ran', () => {
    const run = JSON.parse(reporters.sarif!(serviceReport(result, { version: '1.0.0', base: 'svc' }))).runs[0];
    expect(run.tool.driver.name).toBe('distroless-validate-service');
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(
      run.results.map(
        (r: { locations: [{ physicalLocation: { artifactLocation: { uri: string } } }] }) =>
          r.locations[0].physicalLocation.artifactLocation.uri,
      ),
    ).toEqual(['svc/Dockerfile', 'svc/main.go', 'svc/docs/adr/0001-x.md']);
  });

  it('github and stylish name the service and its verdict; json keeps the documented object', () => {
    const report = serviceReport(result, { version: '1.0.0', base: '.' });
    expect(reporters.github!(report).split('\n')[0]).toBe(
      '::error file=Dockerfile,line=21,title=service dockerfile-user::USER 0 (dockerfile-user)',
    );
    const stylish = reporters.stylish!(report);
    expect(stylish).toContain('  main.go:30  error    killed  drain-exit\n    │ log line\n');
    expect(stylish.trimEnd().split('\n').slice(-2)).toEqual([
      '✖ 3 problems (2 errors, 1 warning) in 1 service',
      '✖ service failed verification with podman engine',
    ]);
    expect(JSON.parse(reporters.json!(report))).toEqual({
      ok: false,
      engine: 'podman',
      findings: result.findings,
      steps: result.steps,
    });
  });

  it('says why verification could not run', () => {
    const report = serviceReport({ ...result, engine: null, error: 'no python3 on PATH\nmore' }, { version: '1' });
    expect(reporters.stylish!(report)).toContain('✖ service could not be verified: no python3 on PATH\n');
    expect(JSON.parse(reporters.json!(report)).error).toBe('no python3 on PATH\nmore');
  });
});
