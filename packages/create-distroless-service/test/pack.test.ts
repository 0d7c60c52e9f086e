// The published artifact on its own: pack the package as pnpm publishes it, install the tarball
// into an empty project, and scaffold with its bin.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listTree, runCli, tempDir } from './support/cli.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

function pnpm(args: string[], cwd: string): string {
  // Under `pnpm run`, npm_execpath is pnpm itself; otherwise fetch it the way the README does.
  const execPath = process.env.npm_execpath;
  const [cmd, pre] = execPath && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['npx', ['-y', 'pnpm@10']];
  return execFileSync(cmd, [...pre, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('published package', () => {
  it('packs, installs and scaffolds from the tarball', () => {
    const out = tempDir('pack-');
    pnpm(['pack', '--pack-destination', out], pkgDir);
    const tarball = fs.readdirSync(out).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const listing = execFileSync('tar', ['-tzf', path.join(out, tarball!)], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/cli.cjs');
    expect(listing).toContain('package/dist/update.cjs');
    expect(listing).toContain('package/dist/templates/compiled/shared.cjs');
    expect(listing).toContain('package/dist/templates/compiled/python.cjs');
    expect(listing).toContain('package/dist/templates/hashes.json');
    expect(listing).toContain('package/dist/templates/go/_gitignore.hbs');
    expect(listing).toContain('package/dist/templates/shared/_github/workflows/ci.yml.hbs');
    expect(listing.some((f) => f.startsWith('package/src/'))).toBe(false);

    const project = tempDir('pack-install-');
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', path.join(out, tarball!)], {
      cwd: project,
      stdio: 'pipe',
    });
    const bin = path.join(project, 'node_modules', 'create-distroless-service', 'dist', 'cli.cjs');
    expect(fs.existsSync(path.join(project, 'node_modules', '.bin', 'create-distroless-service'))).toBe(true);

    const r = runCli(['svc', '--lang', 'python', '--yes', '--no-git'], { cwd: project, bin });
    expect(r.code, r.stderr).toBe(0);
    const files = listTree(path.join(project, 'svc'));
    expect(files).toContain('.gitignore');
    expect(files).toContain('.dockerignore');
    expect(files).toContain('.github/workflows/ci.yml');
    expect(files).toContain('deploy/chart/templates/_helpers.tpl');
    expect(files).toContain('Dockerfile');

    // update is a second bundle beside the CLI: it must load from the installed package too.
    const check = runCli(['update', 'svc', '--check'], { cwd: project, bin });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^svc is up to date with template \d+\.\d+\.\d+/);
  });
});
