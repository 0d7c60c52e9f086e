// A config file that does not validate is reported as a user reads it (review, docs 13): the file,
// each problem at its key path in the config's terms, what is allowed and what was given; exit 2.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { tmpDir } from './helpers.js';

async function lintWith(name: string, text: string): Promise<{ code: number; err: string }> {
  const dir = tmpDir();
  mkdirSync(path.join(dir, '.git'));
  mkdirSync(path.join(dir, 'adr'));
  writeFileSync(path.join(dir, 'adr', '0001-a.md'), '# 1. A\n\n## Status\n\nAccepted\n');
  writeFileSync(path.join(dir, name), text);
  let err = '';
  const code = await runAdr(['--config', name], { cwd: dir, stdout: () => undefined, stderr: (s) => (err += s) });
  // The path as given, from wherever the test runs.
  return { code, err: err.replaceAll(`${dir}${path.sep}`, '') };
}

describe('config errors', () => {
  it('a wrong value of a rule: the key path as written, the allowed values and the value given', async () => {
    const r = await lintWith('.adrlintrc.json', JSON.stringify({ rules: { 'status-valid': 'loud' } }));
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'distroless-validate adr: invalid ADR lint config in .adrlintrc.json:\n' +
        '  - rules["status-valid"]: must be one of "off", "warn", "warning", "error"; got "loud" (a string)\n',
    );
  });

  it('unknown keys and rule ids, with the known ones and a did-you-mean', async () => {
    const r = await lintWith('.adrlintrc.json', JSON.stringify({ colour: true, rules: { 'staus-valid': 'off' } }));
    expect(r.code).toBe(2);
    const lines = r.err.split('\n');
    expect(lines[1]).toMatch(
      /^ {2}- colour: unknown key "colour" \(known keys: profile, statuses, .*fileMemoryLimit\)$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}- rules\["staus-valid"\]: unknown rule id "staus-valid"; did you mean "status-valid"\? \(rule ids: file-/,
    );
    expect(r.err).not.toMatch(/must NOT have|property name must be valid|allowed values/);
  });

  it('wrong types, a missing key and an empty list, in nested places', async () => {
    const r = await lintWith(
      '.adrlintrc.json',
      JSON.stringify({ maxFileSize: '1mb', statuses: 'accepted', overrides: [{ files: [] }], requiredSections: 'x' }),
    );
    expect(r.code).toBe(2);
    expect(r.err.split('\n').slice(1, -1)).toEqual([
      '  - statuses: must be a list; got "accepted" (a string)',
      '  - requiredSections: must be a list or an object (key: value); got "x" (a string)',
      '  - overrides[0]: the key "rules" is missing',
      '  - overrides[0].files: must list at least 1 item; got an empty list',
      '  - maxFileSize: must be a whole number; got "1mb" (a string)',
    ]);
  });

  it("a misspelt profile gets a did-you-mean; a oneOf is said by the branch of the value's kind", async () => {
    const r = await lintWith('.adrlintrc.yaml', 'profile: madr5\nrequiredSections:\n  madr: [context, decison]\n');
    expect(r.code).toBe(2);
    expect(r.err.split('\n').slice(1, -1)).toEqual([
      '  - profile: must be one of "auto", "madr", "nygard", "madr2", "madr3", "madr4", "bold-fields", ' +
        '"frontmatter", "minimal"; got "madr5" (a string); did you mean "madr"?',
      '  - requiredSections.madr[1]: must be one of "context", "decision", "consequences", "options"; got ' +
        '"decison" (a string); did you mean "decision"?',
    ]);
  });

  it('invalid JSON and YAML: the line and column', async () => {
    const json = await lintWith('.adrlintrc.json', '{\n  "rules": {\n    "date-present": "off",\n  }\n}\n');
    expect(json.code).toBe(2);
    // V8's wording varies by Node version; the place does not, and V8's own offset is not repeated.
    expect(json.err).toMatch(
      /^distroless-validate adr: config \.adrlintrc\.json is not valid JSON: line 4, column 3: \S[^\n]*\n$/,
    );
    expect(json.err).not.toMatch(/position/);
    const cut = await lintWith('.adrlintrc.json', '{"rules": {');
    expect(cut.err).toMatch(/is not valid JSON: line 1, column 12: \S/);
    const yaml = await lintWith('.adrlintrc.yaml', 'rules:\n  date-present: off\n statuses: [a\n');
    expect(yaml.code).toBe(2);
    expect(yaml.err).toMatch(
      /^distroless-validate adr: config \.adrlintrc\.yaml is not valid YAML: line 3, column \d+: /,
    );
    expect(yaml.err).not.toContain('--help');
  });
});

// Config files that cannot be read as configs: said in one line with exit 2, never a hang or a
// stack trace. Run through the built CLI with a time limit, so a read that blocks fails the test.
describe('config files that are not what they seem', () => {
  const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  function lintIn(files: Record<string, string>, fifo?: string, args: string[] = []) {
    const dir = tmpDir();
    mkdirSync(path.join(dir, '.git'));
    mkdirSync(path.join(dir, 'adr'));
    writeFileSync(path.join(dir, 'adr', '0001-a.md'), '# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n');
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    if (fifo) expect(spawnSync('mkfifo', [path.join(dir, fifo)]).status).toBe(0);
    const r = spawnSync(process.execPath, [CLI, 'adr', ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.signal, 'the lint hung').toBeNull();
    return { code: r.status, err: r.stderr };
  }

  it('YAML whose aliases expand without end: not valid YAML, exit 2, no stack trace', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]'];
    bomb.push('c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]');
    const r = lintIn({ '.adrlintrc.yaml': `${bomb.join('\n')}\nignore: *d\n` });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^distroless-validate adr: config \.adrlintrc\.yaml is not valid YAML: \S[^\n]*\n$/);
  });

  it('a FIFO where a config file is looked for, or named by --config: exit 2 at once', () => {
    const found = lintIn({}, '.adrlintrc.json');
    expect(found.code).toBe(2);
    expect(found.err).toBe(
      'distroless-validate adr: config .adrlintrc.json is not a regular file (a FIFO or a device)\n',
    );
    const named = lintIn({}, 'lint.json', ['--config', 'lint.json']);
    expect(named.code).toBe(2);
    expect(named.err).toMatch(/config lint\.json is not a regular file/);
  });

  it('a package.json that does not parse: an error when it holds adrLint settings, else not ours to judge', () => {
    const lost = lintIn({ 'package.json': '{"adrLint": {"rules": {"date-present": "off"}},}' });
    expect(lost.code).toBe(2);
    expect(lost.err).toMatch(/^distroless-validate adr: config package\.json is not valid JSON, so its "adrLint"/);
    expect(lost.err).toMatch(/ settings cannot be read: line 1, column \d+/);
    const other = lintIn({ 'package.json': '{"name": "x",}' });
    expect(other.err).toBe('');
    expect(other.code).toBe(0);
  });
});
