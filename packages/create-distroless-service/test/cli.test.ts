// The CLI contract, black box: flags, exit codes, messages, and that bad input writes nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { listTree, runCli, snapshot, tempDir } from './support/cli.js';

const HOSTILE = {
  description: `Orders "API" & <b>more</b> {{name}} \${{ secrets.X }} back\\slash 'q' naïve 日本 🚀`,
  owner: `@acme/platform "core" & {{owner}} \${{ github.actor }} \\o/ Zoë`,
};

describe('arguments', () => {
  it('prints help and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: create-distroless-service [dir]');
    expect(r.stdout).toContain('--dry-run');
    // The exit-code paragraph is filled: every line but its last runs close to the 80 columns.
    const paragraph = r.stdout.slice(r.stdout.indexOf('Exit codes:')).split('\n\n')[0]!.trim().split('\n');
    for (const line of paragraph.slice(0, -1)) expect(line.length, line).toBeGreaterThanOrEqual(66);
  });

  it('prints the template version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown flag with exit 2', () => {
    const cwd = tempDir();
    const r = runCli(['svc', '--lang', 'go', '--frobnicate'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/frobnicate/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('refuses --registry-mirror without --pin-digests, or one that is not <registry>=<URL>, with exit 2', () => {
    const cwd = tempDir();
    const alone = runCli(['svc', '--lang', 'go', '--yes', '--registry-mirror', 'cgr.dev=http://127.0.0.1:5000'], {
      cwd,
    });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--registry-mirror only applies with --pin-digests');
    const bad = runCli(['svc', '--lang', 'go', '--yes', '--pin-digests', '--registry-mirror', 'cgr.dev'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--registry-mirror cgr.dev: expected <registry>=<http(s) URL>');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it.each(['gcr.io=http://10.0.0.1:5000', 'gcr.io=http://127.0.0.1.example:5000', 'gcr.io=http://[::2]:5000'])(
    'refuses --registry-mirror %s (plain http off loopback) while parsing, exit 2, naming the flag',
    (spec) => {
      const cwd = tempDir();
      const r = runCli(['svc', '--lang', 'go', '--yes', '--pin-digests', '--registry-mirror', spec], { cwd });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--registry-mirror ${spec}: only https, or http on a loopback address`);
      expect(r.stderr).toContain('--help for usage');
      expect(fs.readdirSync(cwd)).toEqual([]);
    },
  );

  it('without a TTY, fails at once naming a missing required flag', () => {
    const cwd = tempDir();
    const r = runCli(['svc'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --lang');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('names --name when neither a name nor a directory is given', () => {
    const cwd = tempDir();
    const r = runCli(['--lang', 'go'], { cwd });
    expect(r.code).toBe(2);
    // A hint that works: --yes has no default name without a directory.
    expect(r.stderr).toContain('missing --name; pass it, or give a target directory named after the service\n');
    const both = runCli([], { cwd });
    expect(both.stderr).toContain(
      'missing --name and --lang; pass --name (or give a target directory named after the service), and --lang or --yes for defaults',
    );
    expect(runCli(['orders', '--lang', 'go', '--no-git'], { cwd }).code).toBe(0);
  });

  it('explains when the directory name cannot be a service name', () => {
    const cwd = tempDir();
    const r = runCli(['My_Service', '--lang', 'go'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --name');
    expect(r.stderr).toContain('"My_Service" is not a valid service name');
    // The hint is one that works: --yes gives no name either.
    expect(r.stderr).toContain('; pass it, or name a directory that is one');
    expect(r.stderr).not.toContain('--yes');
    const both = runCli(['My_Service'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      'missing --name and --lang (the directory name "My_Service" is not a valid service name); pass --name (or name a directory that is one), and --lang or --yes for defaults',
    );
    // Following either hint works.
    expect(runCli(['My_Service', '--name', 'my-service', '--yes', '--no-git'], { cwd }).code).toBe(0);
    expect(runCli(['my-service', '--lang', 'go', '--no-git'], { cwd }).code).toBe(0);
    expect(fs.readdirSync(cwd).sort()).toEqual(['My_Service', 'my-service']);
  });

  it.each(['Bad_Name', '123', 'y'])(
    'with --yes, explains that the directory name %s cannot be a service name',
    (dir) => {
      const cwd = tempDir();
      const r = runCli([dir, '--lang', 'node', '--yes'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`missing --name (the directory name "${dir}" is not a valid service name)`);
      expect(r.stderr).not.toContain('without a directory');
      expect(fs.readdirSync(cwd)).toEqual([]);
    },
  );

  it('warns that --base chainguard without --pin-digests fails its own CI, and says how to pin', () => {
    const cwd = tempDir();
    let r = runCli(['cg', '--lang', 'go', '--base', 'chainguard', '--yes', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: --base chainguard without --pin-digests: the generated CI fails');
    expect(r.stderr).toContain('dockerfile-image-tag');
    expect(r.stdout).toContain('  npx create-distroless-service update --pin-digests --answers-only');
    r = runCli(['cg2', '--lang', 'go', '--base', 'chainguard', '--yes', '--dry-run'], { cwd });
    expect(r.stderr).toContain('warning: --base chainguard without --pin-digests');
    r = runCli(['dl', '--lang', 'go', '--yes', '--no-git'], { cwd });
    expect(r.stderr).not.toContain('warning');
    expect(r.stdout).not.toContain('--pin-digests');
  });

  it('without prompts, the default description is "The <name> service"', () => {
    const cwd = tempDir();
    expect(runCli(['orders', '--lang', 'node', '--yes', '--no-git'], { cwd }).code).toBe(0);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'orders', '.distroless-service.json'), 'utf8'));
    expect(record.answers.description).toBe('The orders service');
    expect(fs.readFileSync(path.join(cwd, 'orders', 'package.json'), 'utf8')).toContain(
      '"description": "The orders service"',
    );
    // The same without --yes, every required answer given.
    expect(runCli(['billing', '--lang', 'go', '--no-git'], { cwd }).code).toBe(0);
    expect(
      JSON.parse(fs.readFileSync(path.join(cwd, 'billing', '.distroless-service.json'), 'utf8')).answers.description,
    ).toBe('The billing service');
  });

  it.each([
    [['--name', 'Bad_Name'], '--name must be a DNS-1123 label'],
    [['--name', 'a'.repeat(64)], '--name must be a DNS-1123 label'],
    [['--name=-lead'], '--name must be a DNS-1123 label'],
    [['--lang', 'rust'], '--lang must be one of node, go, python'],
    [['--port', '80'], '--port must be an integer from 1024 to 65535'],
    [['--port', '8o8o'], '--port must be an integer'],
    [['--base', 'alpine'], '--base must be one of distroless'],
    [['--adr-status', 'superseded'], '--adr-status must be proposed (the default'],
    [['--framework', 'fastify'], '--framework applies to Node services only (lang is "go")'],
    [['--framework', 'http'], '--framework applies to Node services only (lang is "go")'],
    [['--description', 'two\nlines'], '--description must be one line'],
    [['--owner', ''], '--owner must be one line'],
  ])('rejects %j with one clear message and exit 2', (flags, message) => {
    const cwd = tempDir();
    const r = runCli(['svc', '--lang', 'go', '--name', 'svc', ...flags], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('--framework', () => {
  it('rejects an unknown framework for Node with one message and exit 2, writing nothing', () => {
    const cwd = tempDir();
    const r = runCli(['svc', '--lang', 'node', '--framework', 'express', '--no-git'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--framework must be http (node:http, the default) or fastify');
    expect(r.stderr).toContain('(got "express")');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('rejects a framework in an answers file for another language, naming the file', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'a.json'), JSON.stringify({ lang: 'python', framework: 'fastify' }));
    const r = runCli(['svc', '--answers', 'a.json', '--no-git'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"framework" in a.json applies to Node services only (lang is "python")');
    expect(fs.readdirSync(cwd)).toEqual(['a.json']);
  });

  it('is http for a Node service by default, recorded; other languages record none', () => {
    const cwd = tempDir();
    expect(runCli(['nd', '--lang', 'node', '--no-git'], { cwd }).code).toBe(0);
    expect(runCli(['gs', '--lang', 'go', '--no-git'], { cwd }).code).toBe(0);
    const record = (dir: string) =>
      JSON.parse(fs.readFileSync(path.join(cwd, dir, '.distroless-service.json'), 'utf8')) as {
        answers: Record<string, unknown>;
      };
    expect(record('nd').answers.framework).toBe('http');
    expect(record('gs').answers).not.toHaveProperty('framework');
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'nd', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['prom-client']);
    expect(fs.existsSync(path.join(cwd, 'nd', 'docs/adr/0002-serve-http-with-fastify.md'))).toBe(false);
  });

  it('fastify: the Fastify server, its lockfile, its ADR and README, recorded for update', () => {
    const cwd = tempDir();
    const r = runCli(['fz', '--lang', 'node', '--framework', 'fastify', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Created fz \(node, Fastify\) in fz: /);
    const dir = path.join(cwd, 'fz');
    const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
    expect(JSON.parse(read('.distroless-service.json')).answers).toMatchObject({ lang: 'node', framework: 'fastify' });
    const pkg = JSON.parse(read('package.json'));
    const lock = JSON.parse(read('package-lock.json'));
    // The lockfile pins what package.json names, exactly, for npm ci.
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
    expect(pkg.dependencies.fastify).toMatch(/^5\.\d+\.\d+$/);
    expect(lock.packages['node_modules/fastify'].version).toBe(pkg.dependencies.fastify);
    expect(lock.packages['node_modules/pino'].version).toBe(pkg.dependencies.pino);
    // No registry is written into the lockfile: npm ci uses the one the builder is configured with.
    expect(read('package-lock.json')).not.toMatch(/"resolved"/);
    expect(read('src/service.ts')).toContain("from 'fastify'");
    expect(read('test/service.test.ts')).toContain('jsonLogger');
    expect(read('README.md')).toContain('[Fastify](https://fastify.dev) 5');
    expect(read('README.md')).not.toContain('on `node:http`');
    expect(read('docs/adr/0002-serve-http-with-fastify.md')).toMatch(/^---\nstatus: proposed\n/);
    expect(read('docs/adr/README.md')).toContain('[0002](0002-serve-http-with-fastify.md)');
  });
});

describe('writing', () => {
  it('creates the service with defaults under --yes, naming it after the directory', () => {
    const cwd = tempDir();
    const r = runCli(['orders-api', '--yes', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(cwd, 'orders-api');
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.distroless-service.json'), 'utf8'));
    expect(record).toMatchObject({
      generator: 'create-distroless-service',
      answers: { name: 'orders-api', lang: 'node', port: 8080, base: 'distroless', adrStatus: 'proposed' },
    });
    // Nobody has decided yet: the records say so until someone passes --adr-status accepted.
    const adr = fs.readFileSync(path.join(dir, 'docs/adr/0001-use-distroless-base-images.md'), 'utf8');
    expect(adr).toMatch(/^---\nstatus: proposed\n/);
    expect(record.templateVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
    expect(fs.readdirSync(cwd)).toEqual(['orders-api']);
  });

  it('writes accepted decision records with --adr-status accepted, and records the answer', () => {
    const cwd = tempDir();
    const r = runCli(['pay', '--lang', 'python', '--adr-status', 'accepted', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(cwd, 'pay');
    for (const adr of fs.readdirSync(path.join(dir, 'docs/adr')).filter((f) => /^\d{4}-/.test(f)))
      expect(fs.readFileSync(path.join(dir, 'docs/adr', adr), 'utf8'), adr).toMatch(/^---\nstatus: accepted\n/);
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.distroless-service.json'), 'utf8'));
    expect(record.answers.adrStatus).toBe('accepted');
  });

  it.each([
    ['orders-api', 'cd orders-api'],
    ['my svc', "cd 'my svc'"],
    ["it's here", "cd 'it'\\''s here'"],
    ['-svc', 'cd ./-svc'],
  ])('prints a next `cd` step the shell reads back as the folder %j', (dir, step) => {
    const cwd = tempDir();
    const r = runCli(['--name', 'svc', '--lang', 'go', '--yes', '--no-git', '--', dir], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`\nNext steps:\n  ${step}\n`);
    const back = spawnSync('sh', ['-c', `${step} && pwd`], { cwd, encoding: 'utf8' });
    expect(back.stdout.trim()).toBe(path.join(fs.realpathSync(cwd), dir));
  });

  it('uses --name as the directory when no directory is given, and initialises git', () => {
    const cwd = tempDir();
    const r = runCli(['--name', 'pay', '--lang', 'go'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'pay', 'go.mod'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'pay', '.git'))).toBe(true);
    expect(r.stdout).toContain('git repository initialised');
  });

  it('refuses a non-empty directory without --force and leaves it as it was', () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'svc');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'mine\n');
    const before = snapshot(cwd);
    const r = runCli(['svc', '--lang', 'go', '--no-git'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty');
    expect(r.stderr).toContain('--force');
    expect(snapshot(cwd)).toBe(before);
  });

  it('with --force replaces template files and keeps the others', () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'svc');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'mine\n');
    fs.writeFileSync(path.join(dir, 'NOTES.md'), 'keep me\n');
    const r = runCli(['svc', '--lang', 'go', '--no-git', '--force'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('FROM ');
    expect(fs.readFileSync(path.join(dir, 'NOTES.md'), 'utf8')).toBe('keep me\n');
    expect(fs.readdirSync(cwd)).toEqual(['svc']);
  });

  it('rolls back when a file cannot be placed, leaving the target as it was', () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'svc');
    // A directory where the template writes a file: discovered half-way through the move.
    fs.mkdirSync(path.join(dir, 'main.go'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'mine\n');
    const before = snapshot(cwd);
    const r = runCli(['svc', '--lang', 'go', '--no-git', '--force'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('main.go is a directory');
    expect(snapshot(cwd)).toBe(before);
  });

  it('refuses to write through a symbolic link out of the target', () => {
    const cwd = tempDir();
    const outside = path.join(cwd, 'outside');
    fs.mkdirSync(outside);
    const dir = path.join(cwd, 'svc');
    fs.mkdirSync(dir);
    fs.symlinkSync(outside, path.join(dir, 'deploy'));
    const r = runCli(['svc', '--lang', 'go', '--no-git', '--force'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('symbolic link');
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual(['deploy']);
  });

  it('refuses a target that is a file', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'svc'), 'x');
    const r = runCli(['svc', '--lang', 'go'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a directory');
  });

  it('--dry-run prints the tree and writes nothing', () => {
    const cwd = tempDir();
    const r = runCli(['svc', '--lang', 'python', '--dry-run'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Dry run: would write');
    expect(r.stdout).toContain('Dockerfile');
    expect(r.stdout).toContain('deploy/chart/values.yaml');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('--dry-run marks the files it would overwrite', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'svc'));
    fs.writeFileSync(path.join(cwd, 'svc', 'Dockerfile'), 'mine\n');
    const r = runCli(['svc', '--lang', 'go', '--dry-run', '--force'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dockerfile +\d+ B +\(overwrites\)/);
    expect(fs.readFileSync(path.join(cwd, 'svc', 'Dockerfile'), 'utf8')).toBe('mine\n');
  });
});

describe('answers file', () => {
  it('reads answers from a file; flags win', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'a.json'), JSON.stringify({ name: 'from-file', lang: 'python', port: 9000 }));
    const r = runCli(['--answers', 'a.json', '--port', '9100', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'from-file', '.distroless-service.json'), 'utf8'));
    expect(record.answers).toMatchObject({ name: 'from-file', lang: 'python', port: 9100 });
  });

  it('re-applies a service from its own .distroless-service.json', () => {
    const cwd = tempDir();
    expect(runCli(['one', '--lang', 'go', '--owner', '@acme/pay', '--no-git'], { cwd }).code).toBe(0);
    const r = runCli(['two', '--answers', 'one/.distroless-service.json', '--name', 'two', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'two', '.distroless-service.json'), 'utf8'));
    expect(record.answers).toMatchObject({ name: 'two', lang: 'go', owner: '@acme/pay' });
  });

  it("a --lang other than node drops the file's framework (flags win): a Fastify service's record makes a Go one", () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'a.json'), JSON.stringify({ name: 'fast', lang: 'node', framework: 'fastify' }));
    const r = runCli(['clone', '--answers', 'a.json', '--name', 'clone', '--lang', 'go', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'clone', '.distroless-service.json'), 'utf8'));
    expect(record.answers).toMatchObject({ name: 'clone', lang: 'go' });
    expect(record.answers.framework).toBeUndefined();
    // --framework given with another language is still refused, naming the flag.
    const both = runCli(['both', '--answers', 'a.json', '--lang', 'go', '--framework', 'fastify', '--no-git'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--framework applies to Node services only (lang is "go")');
  });

  it('a value from the file that a flag makes wrong is blamed on the file, not on a flag not given', () => {
    const cwd = tempDir();
    // A name Node accepts and Go refuses (a Windows device name in a module path).
    fs.writeFileSync(path.join(cwd, 'a.json'), JSON.stringify({ name: 'con', lang: 'node' }));
    const r = runCli(['--answers', 'a.json', '--lang', 'go', '--no-git'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"name" in a.json must not be a Windows device name');
    expect(r.stderr).not.toContain('--name');
    expect(fs.readdirSync(cwd)).toEqual(['a.json']);
  });

  it.each([
    ['{ not json', 'is not valid JSON'],
    ['[1,2]', 'must hold a JSON object'],
    [JSON.stringify({ name: 'x', lang: 'go', colour: 'red' }), 'unknown answer "colour"'],
    [JSON.stringify({ name: 'x', lang: 'go', port: 'eighty' }), '"port" in bad.json must be an integer'],
    // A lone surrogate cannot be written as a Go string literal.
    [
      JSON.stringify({ name: 'x', lang: 'go', description: 'a\ud800b' }),
      '"description" in bad.json must be one line of text',
    ],
  ])('rejects a bad answers file (%s) with exit 2', (content, message) => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'bad.json'), content);
    const r = runCli(['--answers', 'bad.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(fs.readdirSync(cwd)).toEqual(['bad.json']);
  });

  it('reports an unreadable answers file', () => {
    const cwd = tempDir();
    const r = runCli(['--answers', 'missing.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read answers file missing.json: ENOENT');
  });
});

describe('free text', () => {
  it.each(['node', 'go', 'python'])(
    'carries description and owner exactly into YAML, JSON and Markdown (%s)',
    (lang) => {
      const cwd = tempDir();
      const r = runCli(
        ['svc', '--lang', lang, '--no-git', '--description', HOSTILE.description, '--owner', HOSTILE.owner],
        { cwd },
      );
      expect(r.code, r.stderr).toBe(0);
      const dir = path.join(cwd, 'svc');
      const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

      expect(JSON.parse(read('.distroless-service.json')).answers).toMatchObject(HOSTILE);
      const catalog = parseYaml(read('catalog-info.yaml'));
      expect(catalog.metadata.description).toBe(HOSTILE.description);
      const chart = parseYaml(read('deploy/chart/Chart.yaml'));
      expect(chart.description).toBe(HOSTILE.description);
      expect(JSON.stringify(chart.maintainers)).toContain(JSON.stringify(HOSTILE.owner));
      // Workflows must keep GitHub's own expressions and never evaluate ours.
      const workflow = read('.github/workflows/ci.yml');
      expect(() => parseYaml(workflow)).not.toThrow();
      expect(workflow).toContain('${{');
      const adr = listTree(dir).find((f) => f.startsWith('docs/adr/0001-'))!;
      const adrText = read(adr);
      expect(adrText).toContain(JSON.stringify(HOSTILE.owner));
      expect(adrText).not.toContain('&amp;');
      if (lang === 'node') expect(JSON.parse(read('package.json')).description).toBe(HOSTILE.description);
      for (const file of listTree(dir)) expect(read(file), file).not.toMatch(/&amp;|&quot;|&#x27;|&lt;/);
    },
  );
});
