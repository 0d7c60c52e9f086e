// Hostile and mistaken inputs: names YAML reads as other types, invisible characters, endless
// answers files, targets that are links, files or kernel filesystems, failing git, huge values,
// the user's umask. Each is refused with one clear message (or honoured), writing nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { checkAnswers, checkOne, describe as describeAnswer, languages } from '../src/answers.js';
import schema from '../src/answers.schema.json' with { type: 'json' };
import { refuseDeviceNamedTarget, TargetError } from '../src/write.js';
import { CLI, runCli, snapshot, tempDir } from './support/cli.js';

/** Whether YAML 1.1 and 1.2 both read `value` as plain text. */
function yamlString(value: string): boolean {
  return (['1.1', '1.2'] as const).every((version) => typeof parseYaml(`k: ${value}`, { version }).k === 'string');
}

/** A small seeded generator, so a failing name can be reproduced. */
function random(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('service names', () => {
  const TRICKY = [
    ...['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null'],
    ...['123', '0', '08', '017', '1e3', '1e-3', 'e3', '0x1f', '0o17', '0b101', '2024-01-02', '2024-1-2'],
    ...['orders', 'y2k', 'no-way', 'on-call', 'nan', 'inf', '1a', '0x', '1e', 'e', 'x1', '2024-01', 'a-1e3'],
  ];

  it.each(TRICKY)('%s: accepted exactly when YAML 1.1 and 1.2 read it as a string', (name) => {
    expect(checkOne('name', name) === true).toBe(yamlString(name));
  });

  it('over 3000 random DNS labels made of digits and the letters YAML numbers use', () => {
    const next = random(14);
    const alphabet = '0123456789eoxbnyl-';
    const disagreements: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const length = 1 + Math.floor(next() * 7);
      let name = '';
      for (let j = 0; j < length; j++) name += alphabet[Math.floor(next() * alphabet.length)];
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) continue;
      if ((checkOne('name', name) === true) !== yamlString(name)) disagreements.push(name);
    }
    expect(disagreements).toEqual([]);
  });

  it('the CLI refuses one with a message naming the reason, exit 2, nothing written', () => {
    const cwd = tempDir();
    const r = runCli(['--name', 'true', '--lang', 'go', '--no-git'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--name must be');
    expect(r.stderr).toContain('YAML');
    expect(r.stderr).toContain('(got "true")');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('Windows device names', () => {
  const DEVICES = ['con', 'prn', 'aux', 'nul', ...[1, 9].flatMap((n) => [`com${n}`, `lpt${n}`])];
  const WHY = /^--name must not be a Windows device name \(con, prn, aux, nul, com1-com9, lpt1-lpt9.*checked out/;

  it.each(languages)('are refused for a %s service, whichever way the name is given', (lang) => {
    for (const name of DEVICES) {
      expect(() => checkAnswers({ name, lang })).toThrow(WHY);
      expect(checkOne('name', name)).toMatch(/^name must not be a Windows device name/);
    }
    // The CLI: exit 2 (bad answers), the reason, nothing written.
    const cwd = tempDir();
    const r = runCli(['--name', DEVICES[languages.indexOf(lang)]!, '--lang', lang, '--yes', '--no-git'], { cwd });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--name must not be a Windows device name/)]);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('as Windows reads them: in any case and with an extension; a longer name is not one', () => {
    const rule = new Ajv().compile(schema.properties.name.allOf[1]!);
    for (const name of ['CON', 'Nul', 'cOm1', 'LPT9', 'nul.txt', 'aux.tar.gz', 'Com9.'])
      expect(rule(name), name).toBe(false);
    for (const name of ['console', 'nullable', 'com0', 'com10', 'lpt', 'aux-service', 'my-con', 'con1'])
      expect(rule(name), name).toBe(true);
  });

  it.each(['con', 'NUL', 'com1.d', 'Lpt9.service', 'new/aux/orders'])(
    'a target directory %j named like a device is refused (exit 2), nothing written',
    (dir) => {
      const cwd = tempDir();
      const r = runCli([dir, '--name', 'orders', '--lang', 'go', '--yes', '--no-git'], { cwd });
      const name = dir.split('/').find((s) => /^(con|nul|com|lpt|aux)/i.test(s))!;
      expect([r.code, r.stderr.trim()]).toEqual([
        2,
        expect.stringMatching(
          new RegExp(
            `target directory ${dir}: the folder name "${name.replace('.', '\\.')}" must not be a Windows device name \\(con, prn`,
          ),
        ),
      ]);
      expect(fs.readdirSync(cwd)).toEqual([]);
      // The API refuses it too, before it looks at the target.
      expect(() => refuseDeviceNamedTarget(path.join(cwd, dir))).toThrow(TargetError);
    },
  );

  it('a target folder that only contains a device name, or one that already exists above it, is written', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'con'));
    for (const dir of ['console', 'con/orders', 'my-nul']) {
      const r = runCli([dir, '--name', 'orders', '--lang', 'node', '--yes', '--no-git'], { cwd });
      expect([dir, r.code, r.stderr]).toEqual([dir, 0, '']);
    }
  });

  it('update --set name=<device> is refused too (exit 2), the service left as it was', () => {
    const cwd = tempDir();
    expect(runCli(['svc', '--lang', 'python', '--yes', '--no-git'], { cwd }).code).toBe(0);
    const before = snapshot(path.join(cwd, 'svc'));
    const r = runCli(['update', 'svc', '--answers-only', '--set', 'name=aux'], { cwd });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--set name must not be a Windows device name/)]);
    expect(snapshot(path.join(cwd, 'svc'))).toEqual(before);
  });
});

describe('ports', () => {
  // One rule wherever a port comes from (--port, --set port=, a prompt, an answers file): trimmed,
  // then digits with no leading zero.
  it.each([' 8080', '8080 ', '\t9090\n', '65535'])('reads %j as a port', (text) => {
    expect(checkAnswers({ name: 'x', lang: 'node', port: text }).port).toBe(Number(text.trim()));
  });

  it.each(['08080', '0', '+8080', '8_080', '0x1f90', '8080.0', '80 80', '', ' '])('refuses %j', (text) => {
    expect(checkOne('port', text)).toMatch(/^port must be an integer from 1024 to 65535/);
  });

  it('the CLI follows it: -p " 8080" generates, -p 08080 and --set port=09090 are refused (exit 2)', () => {
    const cwd = tempDir();
    const svc = path.join(cwd, 'svc');
    const spaced = runCli([svc, '--lang', 'go', '--yes', '--no-git', '-p', ' 8081']);
    expect(spaced.code, spaced.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(svc, '.distroless-service.json'), 'utf8')).answers.port).toBe(8081);
    const zero = runCli([path.join(cwd, 'other'), '--lang', 'go', '--yes', '--no-git', '-p', '08080']);
    expect([zero.code, zero.stderr]).toEqual([
      2,
      expect.stringContaining('--port must be an integer from 1024 to 65535'),
    ]);
    const set = runCli(['update', '--set', 'port=09090'], { cwd: svc });
    expect([set.code, set.stderr]).toEqual([
      2,
      expect.stringContaining('--set port must be an integer from 1024 to 65535'),
    ]);
    expect(fs.readdirSync(cwd)).toEqual(['svc']);
  });
});

describe('free text', () => {
  it.each(['\ufeff', '\u200b', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u0085'])(
    'refuses U+%s in a description and an owner, shown as an escape',
    (char) => {
      const code = char.charCodeAt(0).toString(16).padStart(4, '0');
      expect(checkOne('description', `Orders${char}API`)).toContain(`\\u${code}`);
      expect(checkOne('owner', `@acme${char}/pay`)).toContain('must be one line naming the owning team');
    },
  );

  it('still carries ordinary Unicode: accents, CJK, emoji, RTL letters', () => {
    expect(checkOne('description', 'Zoë 日本 🚀 שלום')).toBe(true);
  });

  it('a message shows an emoji as the emoji, and escapes only a lone surrogate half', () => {
    expect(checkOne('name', 'a🚀')).toMatch(/\(got "a🚀"\)$/);
    expect(checkOne('description', 'a\ud800b🚀')).toMatch(/\(got "a\\ud800b🚀"\)$/);
  });

  it('drops the spaces around an owner and a description; an owner of spaces alone is refused', () => {
    const answers = checkAnswers({ name: 'x', lang: 'go', owner: '  @acme/pay\t', description: ' Orders API  ' });
    expect([answers.owner, answers.description]).toEqual(['@acme/pay', 'Orders API']);
    expect(checkOne('owner', '   ')).toBe('owner must be ' + describeAnswer('owner') + ' (got "")');
  });

  it('the CLI follows it: a padded @org/team is still a GitHub team, in CODEOWNERS and the catalog', () => {
    const svc = path.join(tempDir(), 'svc');
    const padded = runCli([svc, '--lang', 'go', '--yes', '--no-git', '-o', ' @acme/pay ', '-d', ' Orders ']);
    expect(padded.code, padded.stderr).toBe(0);
    expect(fs.readFileSync(path.join(svc, 'CODEOWNERS'), 'utf8')).toMatch(/^\* @acme\/pay$/m);
    const catalog = parseYaml(fs.readFileSync(path.join(svc, 'catalog-info.yaml'), 'utf8'));
    expect([catalog.spec.owner, catalog.metadata.description]).toEqual(['group:pay', 'Orders']);
    const blank = runCli([path.join(path.dirname(svc), 'other'), '--lang', 'go', '--yes', '--no-git', '-o', '  ']);
    expect([blank.code, blank.stderr]).toEqual([2, expect.stringContaining('--owner must be one line naming')]);
    expect(fs.readdirSync(path.dirname(svc))).toEqual(['svc']);
  });
});

describe('long values', () => {
  it('errors show at most the start of a long value, with its length', () => {
    const cwd = tempDir();
    const long = 'x'.repeat(100_000);
    for (const args of [
      ['--name', long, '--lang', 'go'],
      ['svc', '--lang', 'go', '--description', long],
      ['svc', '--lang', long],
    ]) {
      const r = runCli(args, { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr.length).toBeLessThan(800);
      expect(r.stderr).toContain('(100000 characters)');
    }
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('answers files', () => {
  it.each([
    ['/dev/zero', 'is not a regular file'],
    ['/dev/null', 'is not a regular file'],
    ['.', 'is not a regular file'],
  ])('refuses %s at once', (file, message) => {
    const cwd = tempDir();
    const r = runCli(['--answers', file], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it.each([[['--answers=']], [['--answers', '']]])(
    'refuses an empty path (%j) instead of going on without it',
    (args) => {
      const cwd = tempDir();
      const r = runCli(['svc', ...args, '--lang', 'go', '--yes', '--no-git'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--answers needs a file: got an empty path');
      expect(fs.readdirSync(cwd)).toEqual([]);
    },
  );

  it('reads one a Windows editor saved with a byte-order mark', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'answers.json'), '\uFEFF{"name":"svc","lang":"go"}');
    const r = runCli(['--answers', 'answers.json', '--yes', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'svc', '.distroless-service.json'), 'utf8')).answers.lang).toBe(
      'go',
    );
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const cwd = tempDir();
    const fifo = path.join(cwd, 'answers.json');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    const r = runCli(['--answers', fifo], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a regular file');
  });

  it('refuses a file over 64 KiB, naming the limit', () => {
    const cwd = tempDir();
    fs.writeFileSync(
      path.join(cwd, 'a.json'),
      JSON.stringify({ name: 'x', lang: 'go', description: 'y'.repeat(70_000) }),
    );
    const r = runCli(['--answers', 'a.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the limit is 65536');
    expect(fs.readdirSync(cwd)).toEqual(['a.json']);
  });
});

describe('targets', () => {
  it('a directory it may not write in: exit 1 (an I/O error) with the reason in words, nothing written', () => {
    const cwd = tempDir();
    fs.chmodSync(cwd, 0o555);
    // root ignores file modes: run as nobody (65534) then, as the reviewer did.
    const user = process.getuid?.() === 0 ? 65534 : undefined;
    const r = runCli([path.join(cwd, 'svc'), '--lang', 'node', '--yes', '--no-git'], { user });
    expect([r.code, r.stderr.trim()]).toEqual([
      1,
      `create-distroless-service: cannot write in ${cwd}: permission denied`,
    ]);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('an existing empty directory it may not write in: the same message, naming it, and nothing written', () => {
    const cwd = tempDir();
    fs.chmodSync(cwd, 0o1777); // its parent takes the run's lock and stage
    const svc = path.join(cwd, 'svc');
    fs.mkdirSync(svc, { mode: 0o555 });
    fs.chmodSync(svc, 0o555);
    const user = process.getuid?.() === 0 ? 65534 : undefined;
    if (user !== undefined) fs.chownSync(svc, user, user);
    const r = runCli([svc, '--lang', 'go', '--yes', '--no-git'], { user });
    expect([r.code, r.stderr.trim()]).toEqual([
      1,
      `create-distroless-service: cannot write in ${svc}: permission denied`,
    ]);
    expect(fs.readdirSync(cwd)).toEqual(['svc']);
    expect(fs.readdirSync(svc)).toEqual([]);
  });

  // A root-owned dist/ left by a `docker run -v` build: the user cannot remove it from the old tree.
  const asRoot = process.getuid?.() === 0;
  if (!asRoot) console.warn('skipped: the old-tree tests need root to make files of another user');
  it.skipIf(!asRoot && !process.env.CI)(
    "an old tree it cannot remove: the run succeeds and names it, and later runs don't fail on it",
    () => {
      const cwd = tempDir();
      const svc = path.join(cwd, 'svc');
      expect(runCli([svc, '--lang', 'node', '--yes', '--no-git']).code).toBe(0);
      fs.mkdirSync(path.join(svc, 'dist-root'));
      fs.writeFileSync(path.join(svc, 'dist-root', 'out.js'), 'built\n');
      spawnSync('chown', ['-R', '65534:65534', cwd]);
      spawnSync('chown', ['-R', '0:0', path.join(svc, 'dist-root')]);
      const nobody = { user: 65534 };
      const forced = runCli([svc, '--lang', 'node', '--yes', '--no-git', '--force'], nobody);
      expect(forced.code, forced.stderr).toBe(0);
      const kept = fs.readdirSync(cwd).filter((n) => n.startsWith('.svc.cds-old-'));
      expect(kept).toHaveLength(1);
      expect(forced.stderr).toContain(
        `warning: the old tree could not be removed (permission denied): remove ${path.join(cwd, kept[0]!)} by hand`,
      );
      expect(fs.readFileSync(path.join(svc, 'dist-root', 'out.js'), 'utf8')).toBe('built\n');
      // Not taken for an interrupted swap: the next runs work.
      const check = runCli(['update', '--check'], { ...nobody, cwd: svc });
      expect(check.code, check.stderr).toBe(0);
      const again = runCli([svc, '--lang', 'node', '--yes', '--no-git', '--force'], nobody);
      expect(again.code, again.stderr).toBe(0);
      // The copy the first run carried over is the user's own: nothing more is left behind.
      expect(fs.readdirSync(cwd).filter((n) => n.startsWith('.svc.cds-'))).toEqual(kept);
    },
  );

  it.each(['/proc/cds-svc', '/sys/cds-svc', '/dev/cds-svc', '/proc/self/cds-svc'])(
    'refuses %s: a kernel filesystem',
    (dir) => {
      const r = runCli([dir, '--lang', 'go', '--yes', '--no-git']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/kernel filesystem|filesystem, not a place for a service/);
    },
  );

  it('refuses a symbolic link, dangling or not, leaving it as it was', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'real'));
    fs.symlinkSync('real', path.join(cwd, 'to-real'));
    fs.symlinkSync('nowhere', path.join(cwd, 'dangling'));
    for (const [dir, message] of [
      ['to-real', 'is a symbolic link; name a real directory'],
      ['dangling', 'is a symbolic link to nothing'],
    ]) {
      const r = runCli([dir!, '--lang', 'go', '--yes', '--no-git', '--force'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(fs.readdirSync(cwd).sort()).toEqual(['dangling', 'real', 'to-real']);
    expect(fs.readdirSync(path.join(cwd, 'real'))).toEqual([]);
  });

  it('refuses a path through a file (ENOTDIR) with exit 2, naming the file', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'file'), 'x');
    for (const dir of ['file/svc', 'file/deeper/svc']) {
      const r = runCli([dir, '--lang', 'go', '--yes', '--no-git'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${path.join(cwd, 'file')} is not a directory`);
      expect(r.stderr).not.toContain('ENOTDIR');
    }
    expect(fs.readdirSync(cwd)).toEqual(['file']);
  });

  // A repository bind-mounted into a dev container: the service folder is itself a mount point, which
  // rename(2) refuses (EBUSY). A mount namespace of its own (unshare -m) needs root.
  const canMount = spawnSync('unshare', ['-m', 'true']).status === 0;
  if (!canMount) console.warn('skipped: the mount-point tests need `unshare -m` (util-linux) and root');
  it.skipIf(!canMount && !process.env.CI)(
    'a service folder that is a mount point (a bind mount of the same filesystem): update and --force refuse it, exit 2, nothing written',
    () => {
      const cwd = tempDir();
      const svc = path.join(cwd, 'svc');
      expect(runCli([svc, '--lang', 'node', '--yes', '--no-git']).code).toBe(0);
      fs.mkdirSync(path.join(svc, 'inner'));
      const before = snapshot(cwd);
      // Mounts the folder onto itself, then runs the CLI in that namespace.
      const mounted = (mount: string, args: string[], at = cwd) => {
        const env = { ...process.env };
        delete env.CI;
        const r = spawnSync(
          'unshare',
          [
            '-m',
            'sh',
            '-c',
            'mount --bind "$1" "$1" && shift && exec "$@"',
            'sh',
            mount,
            process.execPath,
            CLI,
            ...args,
          ],
          { cwd: at, env, input: '', encoding: 'utf8', timeout: 60_000 },
        );
        return { code: r.status, stderr: r.stderr };
      };
      const message = `${svc} is a mount point (a bind-mounted folder, as in a dev container): the service folder is replaced by a rename, which a mount point cannot be; run it on the folder the mount comes from (on the host, outside the container)`;
      const updated = mounted(svc, ['update', '--set', 'port=9090'], svc);
      expect([updated.code, updated.stderr.trim()]).toEqual([2, `create-distroless-service update: ${message}`]);
      const forced = mounted(svc, [svc, '--lang', 'node', '--yes', '--no-git', '--force']);
      expect([forced.code, forced.stderr.trim()]).toEqual([2, `create-distroless-service: ${message}`]);
      // A bind mount inside the target: removing the old tree would empty the folder it shows.
      const inner = mounted(path.join(svc, 'inner'), [svc, '--lang', 'node', '--yes', '--no-git', '--force']);
      expect([inner.code, inner.stderr.trim()]).toEqual([
        2,
        `create-distroless-service: ${path.join(svc, 'inner')} is a mount point: cannot replace the directory holding it`,
      ]);
      expect(snapshot(cwd)).toBe(before);
    },
  );
});

describe('git', () => {
  it('a failing git is reported with its exit code, exit 1, and nothing is written', () => {
    const cwd = tempDir();
    // A broken global configuration makes every git command fail, as a full disk or a bad
    // installation would.
    fs.writeFileSync(path.join(cwd, 'broken.gitconfig'), '[[[ not a config\n');
    const r = runCli(['svc', '--lang', 'go', '--yes'], {
      cwd,
      env: { GIT_CONFIG_GLOBAL: path.join(cwd, 'broken.gitconfig') },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/git init failed \(exit \d+\)/);
    expect(r.stderr).toContain('nothing was written');
    expect(fs.readdirSync(cwd)).toEqual(['broken.gitconfig']);
  });
});

describe('umask', () => {
  it.each([
    ['022', 0o755, 0o644],
    ['027', 0o750, 0o640],
    ['002', 0o775, 0o664],
  ])('with umask %s, directories are %o and files %o', (umask, dirMode, fileMode) => {
    const cwd = tempDir();
    const r = spawnSync(
      'sh',
      ['-c', `umask ${umask} && exec "$0" "$1" new/svc --lang go --yes --no-git`, process.execPath, CLI],
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, CI: '' },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const mode = (p: string) => fs.statSync(path.join(cwd, p)).mode & 0o777;
    expect(mode('new')).toBe(dirMode);
    expect(mode('new/svc')).toBe(dirMode);
    expect(mode('new/svc/deploy/chart')).toBe(dirMode);
    expect(mode('new/svc/go.mod')).toBe(fileMode);
  });
});
