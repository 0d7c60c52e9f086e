// The one contract: the engine stamps rule ids and severities, keeps fixes to fixable rules,
// turns a throwing rule into a finding, and the reporters read only the run's results.
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  FixWriteError,
  RUN_ERRORS,
  UsageError,
  runRules,
  ruleMeta,
  type Rule,
} from '../src/core/index.js';
import { reporters, type RunReport } from '../src/reporters/index.js';

const meta = (id: string, fixable = false) =>
  ruleMeta('adr', { id, severity: 'warning', docs: `The ${id} rule.`, fixable });

const says: Rule<string> = {
  meta: meta('says'),
  check(text, { report }) {
    report({ line: 2, column: 3, message: `saw ${text}` });
  },
};
const fixes: Rule<string> = {
  meta: meta('fixes', true),
  check(_text, { report }) {
    report({ line: 1, column: 1, message: 'fixable', fix: [{ start: 0, end: 1, text: 'X' }] });
    report({ line: 1, column: 2, message: 'no fix this time' });
  },
};
const lies: Rule<string> = {
  meta: meta('lies'),
  check(_text, { report }) {
    report({ message: 'claims a fix', fix: [{ start: 0, end: 0, text: '' }] });
  },
};
const breaks: Rule<string> = {
  meta: meta('breaks'),
  check() {
    throw new Error('boom');
  },
};

describe('runRules', () => {
  it("stamps each finding with the rule's id, its configured severity and the run's file", () => {
    const out = runRules([says], 'x', { options: undefined, file: 'a.md', severity: () => 'error' });
    expect(out).toEqual([{ ruleId: 'says', severity: 'error', file: 'a.md', line: 2, column: 3, message: 'saw x' }]);
  });

  it('uses the default severity, skips rules configured off, and defaults the location to the whole file', () => {
    const whole: Rule<string> = { meta: meta('whole'), check: (_t, { report }) => report({ message: 'm' }) };
    const out = runRules([says, whole], 'x', {
      options: undefined,
      file: 'a.md',
      severity: (m) => (m.id === 'says' ? null : m.severity),
    });
    expect(out).toEqual([{ ruleId: 'whole', severity: 'warning', file: 'a.md', line: 0, column: 0, message: 'm' }]);
  });

  it('keeps a fix on the finding it repairs, and only there', () => {
    const out = runRules([fixes], 'x', { options: undefined, file: 'a.md' });
    expect(out.map((f) => f.fix)).toEqual([[{ start: 0, end: 1, text: 'X' }], undefined]);
    expect('fix' in out[1]!).toBe(false);
  });

  it('reports a fix from a rule not marked fixable, and a throwing rule, as internal errors of that rule', () => {
    const out = runRules([lies, breaks, says], 'x', { options: undefined, file: 'a.md' });
    expect(out.map((f) => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual([
      'lies error internal error in rule lies: rule lies offers a fix but is not marked fixable',
      'breaks error internal error in rule breaks: boom',
      'says warning saw x',
    ]);
  });

  it('passes the options through and lets cross-file rules name the file', () => {
    const project: Rule<string[], { min: number }> = {
      meta: meta('project'),
      check(files, { options, report }) {
        for (const f of files) if (f.length < options.min) report({ file: f, line: 1, column: 1, message: 'short' });
      },
    };
    const out = runRules([project], ['a.md', 'long.md'], { options: { min: 5 } });
    expect(out.map((f) => f.file)).toEqual(['a.md']);
  });
});

describe('run errors', () => {
  it('are named, so they survive a thread boundary as plain data', () => {
    for (const E of [UsageError, ConfigError, FixWriteError]) {
      const e = new E('m');
      expect(e.name).toBe(E.name);
      expect(String(e)).toBe(`${E.name}: m`);
      expect(new RUN_ERRORS[e.name]!(e.message)).toBeInstanceOf(E);
    }
  });
});

describe('reporters read only the results', () => {
  const report: RunReport = {
    tool: 'distroless-validate-test',
    version: '1.2.3',
    label: 'T',
    rules: [meta('known', true)],
    findings: [
      { ruleId: 'known', severity: 'warning', file: 'a.md', line: 3, column: 2, message: 'm', fix: [] },
      { ruleId: 'adr/elsewhere', severity: 'error', file: 'b/Dockerfile', line: 0, column: 0, message: 'one\ntwo' },
    ],
    checked: { count: 1, noun: 'service' },
    json: { anything: true },
    verdict: 'verdict line',
  };

  it('sarif: a rule not in the table gets no ruleIndex (never rule 0), and a whole-file finding no region', () => {
    const run = JSON.parse(reporters.sarif!(report)).runs[0];
    expect(run.results[0].ruleIndex).toBe(0);
    expect('ruleIndex' in run.results[1]).toBe(false);
    expect(run.results[1].ruleId).toBe('adr/elsewhere');
    expect(run.results[1].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'b/Dockerfile', uriBaseId: '%SRCROOT%' },
    });
    expect(run.tool.driver.rules[0].helpUri).toMatch(
      /^https:\/\/.*\/packages\/validator\/docs\/rules\/adr\/known\.md$/,
    );
  });

  it('stylish: counts fixable findings, prints further lines, the verdict, file:0:0 for a whole file', () => {
    expect(reporters.stylish!(report).split('\n')).toEqual([
      'a.md',
      '  a.md:3:2  warning  m  known',
      '',
      'b/Dockerfile',
      '  b/Dockerfile:0:0  error    one  adr/elsewhere',
      '    │ two',
      '',
      '✖ 2 problems (1 error, 1 warning) in 1 service',
      '  1 problem fixable with --fix',
      'verdict line',
      '',
    ]);
  });

  it('github: leaves out line and col for whole-file findings and titles with the label', () => {
    expect(reporters.github!(report).split('\n')).toEqual([
      '::warning file=a.md,line=3,col=2,title=T known::m (known)',
      '::error file=b/Dockerfile,title=T adr/elsewhere::one%0Atwo (adr/elsewhere)',
      '1 service checked: 1 error, 1 warning',
      '',
    ]);
  });

  it('json: prints the run’s own result object', () => {
    expect(JSON.parse(reporters.json!(report))).toEqual({ anything: true });
  });
});
