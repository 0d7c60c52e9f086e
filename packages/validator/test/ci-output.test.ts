// What CI sees: colour only on a terminal, a report file, errors only, GitHub annotations within
// what GitHub shows, and SARIF that validates against the SARIF 2.1.0 schema.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { fixtures, tmpDir } from './helpers.js';

function run(args: string[], opts: { cwd?: string; isTTY?: boolean; env?: Record<string, string> } = {}) {
  const out = { stdout: '', stderr: '', code: -1 };
  const io = {
    cwd: opts.cwd ?? fixtures,
    stdout: (t: string) => void (out.stdout += t),
    stderr: (t: string) => void (out.stderr += t),
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
  };
  return runAdr(args, io).then((code) => ({ ...out, code }));
}

const ESC = '\u001b[';

/** ajv-draft-04 is CommonJS; its constructor, as this test uses it. */
type AjvDraft04 = new (options: Record<string, unknown>) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
};

describe('colour', () => {
  it('is used on a terminal', async () => {
    expect((await run(['nygard'], { isTTY: true })).stdout).toContain(ESC);
  });
  it('is off with NO_COLOR, with --no-color, and when stdout is not a terminal', async () => {
    expect((await run(['nygard'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await run(['nygard', '--no-color'], { isTTY: true })).stdout).not.toContain(ESC);
    expect((await run(['nygard'])).stdout).not.toContain(ESC);
  });
});

describe('terminal safety', () => {
  it('shows control characters from file contents and names as escapes', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '0001-x\u001b[2J.md'), '# 1. X\n\n## Status\n\n\u001b]0;pwned\u0007Acepted\n');
    const r = await run(['.'], { cwd: dir });
    expect(r.stdout.includes('\u001b') || r.stdout.includes('\u0007')).toBe(false);
    expect(r.stdout).toContain('0001-x\\u001b[2J.md');
  });
});

describe('--output-file and --quiet', () => {
  it('writes the report to the file, not stdout', async () => {
    const dir = tmpDir();
    const r = await run(['nygard', '--format', 'json', '--output-file', path.join(dir, 'adr.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'adr.json'), 'utf8')).length).toBe(4);
  });
  it('--quiet reports errors only', async () => {
    const r = await run(['nygard', '--format', 'json', '--quiet']);
    const severities = JSON.parse(r.stdout).flatMap((x: { messages: { severity: string }[] }) =>
      x.messages.map((m) => m.severity),
    );
    expect(severities.length).toBeGreaterThan(0);
    expect(new Set(severities)).toEqual(new Set(['error']));
  });
});

describe('--format github', () => {
  it(
    'annotates at most 10 findings per severity; the rest go to the log and the job summary, with paths ' +
      'from the git root',
    async () => {
      const root = tmpDir();
      execFileSync('git', ['init', '-q', root]);
      const dir = path.join(root, 'docs', 'adr');
      mkdirSync(dir, { recursive: true });
      // 12 records with one warning each (no date) and one error each (duplicate number pairs).
      for (let i = 0; i < 12; i++)
        writeFileSync(
          path.join(dir, `000${Math.floor(i / 2)}-r${i}.md`),
          `# ${Math.floor(i / 2)}. R\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## ` +
            `Consequences\n\ne\n`,
        );
      const summary = path.join(root, 'summary.md');
      const r = await run(['.', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
      expect(r.code).toBe(1);
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(10);
      expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(10);
      expect(lines.filter((l) => l.startsWith('::'))[0]).toMatch(/^::\w+ file=docs\/adr\/0000-r0\.md,/);
      expect(r.stdout).toContain('4 findings beyond GitHub');
      const md = readFileSync(summary, 'utf8');
      expect(md).toContain('### ADR: 12 errors, 12 warnings');
      expect(md.split('\n').filter((l) => l.startsWith('| docs/adr/')).length).toBe(4);
    },
  );
});

/** Whether a SARIF log validates against the 2.1.0 schema: true, or ajv's errors. */
function validSarif(log: Record<string, unknown>): unknown {
  // The schema comes from an npm package (Microsoft's SARIF SDK), never fetched at test time.
  const require = createRequire(import.meta.url);
  const schemaFile = path.join(
    path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
    'lib/schemas/sarif-2.1.0-rtm.5.json',
  );
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const validate = new (require('ajv-draft-04') as AjvDraft04)({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
  }).compile(schema);
  const { $schema: _ignored, ...body } = log;
  return validate({ $schema: schema.id, ...body }) || validate.errors;
}

describe('--format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with fingerprints, help links and an automation id', async () => {
    const r = await run(['nygard', 'madr4', '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(validSarif(log)).toBe(true);
    const run0 = log.runs[0];
    expect(run0.automationDetails.id).toBe('distroless-validate-adr/');
    expect(run0.results.length).toBeGreaterThan(3);
    const prints = run0.results.map(
      (x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['distrolessFinding/v1'],
    );
    expect(new Set(prints).size).toBe(prints.length);
    for (const rule of run0.tool.driver.rules)
      expect(rule.helpUri).toMatch(/^https:\/\/.*\/packages\/validator\/docs\/rules\/adr\/[a-z-]+\.md$/);
  });

  it('run from a sub-folder (a workflow working-directory): URIs are relative to the git root', async () => {
    const root = tmpDir();
    execFileSync('git', ['init', '-q', root]);
    mkdirSync(path.join(root, 'docs', 'adr'), { recursive: true });
    writeFileSync(path.join(root, 'docs', 'adr', '0001-use-x.md'), '# 1. Use X\n\n## Status\n\nAcepted\n');
    const r = await run(['adr', '--format', 'sarif'], { cwd: path.join(root, 'docs') });
    const log = JSON.parse(r.stdout);
    expect(validSarif(log)).toBe(true);
    const run0 = log.runs[0];
    const uris = run0.results.map(
      (x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }) =>
        x.locations[0]!.physicalLocation.artifactLocation,
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) expect(u).toEqual({ uri: 'docs/adr/0001-use-x.md', uriBaseId: '%SRCROOT%' });
    expect(run0.originalUriBaseIds['%SRCROOT%'].description.text).toMatch(/top level of the git work tree/);
  });
});
