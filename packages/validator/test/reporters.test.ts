import { describe, expect, it } from 'vitest';
import { adrReport, lintAdrs, reporters, rules, type AdrResult } from '../src/index.js';
import { escapeData, escapeProperty } from '../src/reporters/index.js';
import { fixtures } from './helpers.js';

const results = await lintAdrs(['nygard', 'bold', 'frontmatter'], { cwd: fixtures });
const ctx = { version: '9.9.9' };
const report = adrReport(results, ctx);

describe('sarif', () => {
  const log = JSON.parse(reporters.sarif!(report));
  const run = log.runs[0];

  it('has the SARIF 2.1.0 top-level shape GitHub code scanning requires', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('distroless-validate-adr');
    expect(run.tool.driver.semanticVersion).toBe('9.9.9');
  });

  it('describes every rule with id, description and default level', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(rules.map((r) => r.meta.id));
    for (const r of run.tool.driver.rules) {
      expect(r.shortDescription.text.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(r.defaultConfiguration.level);
    }
  });

  it('emits one result per finding with a ruleIndex that points at its rule and a 1-based region', () => {
    const total = results.reduce((n, r) => n + r.messages.length, 0);
    expect(run.results).toHaveLength(total);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(['error', 'warning']).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\/|\\/);
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    const dateFinding = run.results.find((r: { ruleId: string }) => r.ruleId === 'date-format');
    expect(dateFinding.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'bold/ADR-004-move-logs-to-otel.md', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 13 },
    });
  });

  it('percent-encodes file names in URIs', () => {
    const odd: AdrResult[] = [
      {
        file: 'docs/adr/0001 a#b.md',
        title: null,
        number: null,
        status: null,
        date: null,
        dialect: 'unknown',
        messages: [{ ruleId: 'title-present', severity: 'error', line: 1, column: 1, message: 'm' }],
      },
    ];
    const out = JSON.parse(reporters.sarif!(adrReport(odd, ctx)));
    expect(out.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('docs/adr/0001%20a%23b.md');
  });
});

describe('github workflow commands', () => {
  it('prints ::error and ::warning with file, line, col', () => {
    const out = reporters.github!(report).split('\n');
    expect(out).toContain(
      "::warning file=nygard/0004-adopt-feature-flags.md,line=3,col=7,title=ADR date-format::date '25.05.2020' is " +
        "not ISO 8601; write '2020-05-25' (date-format)",
    );
    expect(out.some((l) => l.startsWith('::warning file=frontmatter/adr-001-minimal-images.md,line=3,col=9,'))).toBe(
      true,
    );
  });

  it('escapes data and properties so messages cannot inject commands', () => {
    expect(escapeData('50% done\r\n::error::x')).toBe('50%25 done%0D%0A::error::x');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    const evil: AdrResult[] = [
      {
        file: 'a,b:c.md',
        title: null,
        number: null,
        status: null,
        date: null,
        dialect: 'unknown',
        messages: [
          {
            ruleId: 'status-valid',
            severity: 'error',
            line: 2,
            column: 3,
            message: "unknown status 'x\n::warning::pwned'",
          },
        ],
      },
    ];
    const [line] = reporters.github!(adrReport(evil, ctx)).split('\n');
    expect(line).toBe(
      "::error file=a%2Cb%3Ac.md,line=2,col=3,title=ADR status-valid::unknown status 'x\\u000a::warning::pwned' " +
        '(status-valid)',
    );
  });
});

describe('stylish and json', () => {
  it('groups by file and ends with a summary', () => {
    const out = reporters.stylish!(report);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('bold/ADR-004-move-logs-to-otel.md');
    expect(lines[1]).toMatch(/^ {2}bold\/ADR-004-move-logs-to-otel\.md:1:1 +warning +missing required section/);
    expect(lines[1]).toMatch(/'Consequences'.* +required-sections$/);
    expect(lines.at(-2)).toBe('✖ 9 problems (1 error, 8 warnings) in 7 ADRs');
    expect(lines.at(-1)).toBe('  3 problems fixable with --fix');
  });

  it('json is the result array', () => {
    expect(JSON.parse(reporters.json!(report))).toEqual(results);
  });
});
