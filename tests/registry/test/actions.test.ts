// Versions of the world: every pinned action's SHA is the commit of the tag its comment names, and
// no pin is more than one major behind the newest release (templates/README.md's support policy),
// checked offline against the committed list that `pnpm update-actions` refreshes.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPins, findPins, readList, readRemoteTags } from '../../../scripts/update-actions.mjs';
import { ROOT, tempDir } from './support/repo.js';

const SCRIPT = path.join(ROOT, 'scripts/update-actions.mjs');
const list = readList(path.join(ROOT, 'scripts/actions-versions.json'));

describe('pinned actions in this repository', () => {
  const pins = findPins(ROOT);

  it('finds the pins of the templates, action.yml and the release workflow', () => {
    const files = new Set(pins.map((p: { file: string }) => p.file));
    expect(files).toContain('templates/shared/_github/workflows/ci.yml.hbs');
    expect(files).toContain('action.yml');
    expect(files).toContain('.github/workflows/release.yml');
  });

  it('all match their tags and are at most one major behind', () => {
    expect(checkPins(pins, list)).toEqual([]);
    const r = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+ pinned actions checked against scripts\/actions-versions\.json: 0 problems/);
  });

  it('templates/README.md declares the policy the check enforces', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'templates/README.md'), 'utf8');
    expect(readme).toContain('Supported: the newest major release of each action and the one before it.');
  });
});

describe('the check', () => {
  const checkout = list.actions['actions/checkout'];
  const latest = checkout.latest as string;
  const major = Number(latest.slice(1).split('.')[0]);
  const tagOf = (m: number) => Object.keys(checkout.tags).find((t) => t.startsWith(`v${m}.`))!;
  const pin = (ref: string, tag: string | null, repo = 'actions/checkout') => ({
    file: 'x.yml',
    line: 3,
    repo,
    ref,
    tag,
  });

  it('fails a SHA that is not its tag', () => {
    const other = checkout.tags[tagOf(major - 1)];
    expect(checkPins([pin(other, latest)], list)).toEqual([
      `x.yml:3 actions/checkout: ${other} is not ${latest} (which is ${checkout.tags[latest]})`,
    ]);
  });

  it('fails a pin two majors behind and names the pin to use', () => {
    const old = tagOf(major - 2);
    const [problem] = checkPins([pin(checkout.tags[old], old)], list);
    expect(problem).toContain(`${old} is 2 majors behind ${latest} (at most 1 supported)`);
    expect(problem).toContain(`actions/checkout@${checkout.tags[latest]} # ${latest}`);
    expect(checkPins([pin(checkout.tags[tagOf(major - 1)], tagOf(major - 1))], list)).toEqual([]);
  });

  it('fails a tag ref, a missing comment and an action not in the list', () => {
    expect(checkPins([pin('v5', null)], list)[0]).toContain('not by a full commit SHA');
    expect(checkPins([pin(checkout.tags[latest], null)], list)[0]).toContain('no release tag comment');
    expect(checkPins([pin('a'.repeat(40), 'v1.0.0', 'someone/else')], list)[0]).toContain(
      'not in scripts/actions-versions.json',
    );
  });

  it('exits 1 naming the file and line when a repository pin is wrong', () => {
    const root = tempDir('actions-check-');
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts/actions-versions.json'), path.join(root, 'scripts/actions-versions.json'));
    fs.writeFileSync(
      path.join(root, 'action.yml'),
      `runs:\n  steps:\n    - uses: actions/checkout@${'0'.repeat(40)} # ${latest}\n`,
    );
    const r = spawnSync(process.execPath, [SCRIPT, '--check', '--root', root], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`action.yml:3 actions/checkout: ${'0'.repeat(40)} is not ${latest}`);
  });
});

describe('pnpm update-actions (against a local repository standing in for GitHub)', () => {
  // A repository with lightweight and annotated release tags, and tags that are not releases.
  function fakeAction(): { remote: string; commits: string[] } {
    const base = tempDir('actions-remote-');
    const repo = path.join(base, 'acme', 'deploy');
    fs.mkdirSync(repo, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    const commits: string[] = [];
    for (const [tag, annotated] of [
      ['v1.0.0', false],
      ['v2.0.0', true],
      ['v3.1.0', true],
      ['v3.2.0-beta.1', false],
    ] as const) {
      git('commit', '-q', '--allow-empty', '-m', tag);
      commits.push(git('rev-parse', 'HEAD'));
      if (annotated) git('tag', '-a', tag, '-m', tag);
      else git('tag', tag);
    }
    git('tag', 'v3'); // a moving major tag is not a release
    return { remote: `file://${base}/{repo}`, commits };
  }

  it('reads release tags, peeling annotated ones to their commits', () => {
    const { remote, commits } = fakeAction();
    expect(readRemoteTags(remote.replace('{repo}', 'acme/deploy'), 30)).toEqual({
      'v1.0.0': commits[0],
      'v2.0.0': commits[1],
      'v3.1.0': commits[2],
    });
  });

  it('writes the list, then reports a pin that fell behind', () => {
    const { remote, commits } = fakeAction();
    const root = tempDir('actions-update-');
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.mkdirSync(path.join(root, 'templates'));
    fs.writeFileSync(path.join(root, 'templates/ci.yml.hbs'), `steps:\n  - uses: acme/deploy@${commits[0]} # v1.0.0\n`);
    const r = spawnSync(process.execPath, [SCRIPT, '--root', root, '--remote', remote], { encoding: 'utf8' });
    expect(r.stdout).toContain('acme/deploy: newest v3.1.0');
    expect(r.stderr).toContain(`templates/ci.yml.hbs:2 acme/deploy: v1.0.0 is 2 majors behind v3.1.0`);
    expect(r.status).toBe(1);
    const written = readList(path.join(root, 'scripts/actions-versions.json'));
    expect(written.actions['acme/deploy']).toEqual({
      latest: 'v3.1.0',
      tags: { 'v1.0.0': commits[0], 'v2.0.0': commits[1], 'v3.1.0': commits[2] },
    });
  });

  it('leaves the committed list as it was when a remote cannot be read', () => {
    const root = tempDir('actions-unreachable-');
    fs.mkdirSync(path.join(root, 'scripts'));
    const listFile = path.join(root, 'scripts/actions-versions.json');
    fs.writeFileSync(listFile, '{"actions":{}}\n');
    fs.writeFileSync(path.join(root, 'action.yml'), `  - uses: acme/missing@${'1'.repeat(40)} # v1.0.0\n`);
    const r = spawnSync(process.execPath, [SCRIPT, '--root', root, '--remote', `file://${root}/nowhere/{repo}`], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('git ls-remote');
    expect(fs.readFileSync(listFile, 'utf8')).toBe('{"actions":{}}\n');
  });
});
