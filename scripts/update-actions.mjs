#!/usr/bin/env node
// The GitHub Actions this repository pins (in templates/, action.yml and .github/workflows/) are
// written `uses: owner/repo@<commit sha> # vX.Y.Z`. This script keeps that pair honest:
//
//   node scripts/update-actions.mjs            refresh scripts/actions-versions.json from GitHub
//                                              (git ls-remote; needs GitHub), then check
//   node scripts/update-actions.mjs --check    offline: check every pin against the committed list
//
// A pin fails the check when its SHA is not the commit its tag names, when it has no tag comment,
// when its action is not in the list, or when its major is more than MAJORS_BEHIND behind the
// newest release (the support policy declared in templates/README.md).
// Options: --root <dir> (repository root), --list <file>, --remote <url with {repo}, or {owner}
// and {name}> (where tags are read; a file:// URL works offline), --timeout <seconds> per remote.
// Exit codes: 0 all pins good; 1 a pin fails; 2 bad usage or an unreadable list; 3 a remote could
// not be read (the list is left as it was).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const MAJORS_BEHIND = 1;
export const DEFAULT_REMOTE = 'https://github.com/{repo}.git';
const LIST = 'scripts/actions-versions.json';
// Where pins live. Templates are scanned whole: any file may hold a workflow.
const SCAN = [
  { dir: 'templates', match: () => true },
  { dir: '.github/workflows', match: (f) => /\.ya?ml$/.test(f) },
  { dir: '.', match: (f) => f === 'action.yml' || f === 'action.yaml', shallow: true },
];
const USES = /^\s*-?\s*uses:\s*([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(\/[^@\s]*)?@(\S+)(?:\s+#\s*(\S+))?/;
const SEMVER_TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

/** Every `uses:` of a remote action below root, with file and line. Local (./) and docker:// uses are not pins. */
export function findPins(root) {
  const pins = [];
  for (const { dir, match, shallow } of SCAN) {
    const base = path.join(root, dir);
    if (!existsSync(base)) continue;
    const files = shallow
      ? readdirSync(base).filter(match)
      : readdirSync(base, { recursive: true }).map(String).filter(match);
    for (const rel of files.sort()) {
      const file = path.join(base, rel);
      let text;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // a directory
      }
      text.split('\n').forEach((line, i) => {
        const m = USES.exec(line);
        if (!m || m[3].startsWith('docker://')) return;
        pins.push({
          file: path.relative(root, file),
          line: i + 1,
          repo: m[1],
          ref: m[3],
          tag: m[4] ?? null,
        });
      });
    }
  }
  return pins;
}

export function parseTag(tag) {
  const m = SEMVER_TAG.exec(tag ?? '');
  return m ? m.slice(1).map(Number) : null;
}

function compareTags(a, b) {
  const x = parseTag(a);
  const y = parseTag(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** Problems with each pin against the list: an empty array means every pin is good. */
export function checkPins(pins, list, majorsBehind = MAJORS_BEHIND) {
  const problems = [];
  for (const pin of pins) {
    const where = `${pin.file}:${pin.line} ${pin.repo}`;
    const known = list.actions?.[pin.repo];
    if (!/^[0-9a-f]{40}$/.test(pin.ref)) {
      problems.push(`${where}: pinned by "${pin.ref}", not by a full commit SHA`);
      continue;
    }
    if (!parseTag(pin.tag)) {
      problems.push(`${where}: no release tag comment (write "# vX.Y.Z" after the SHA)`);
      continue;
    }
    if (!known) {
      problems.push(`${where}: not in ${LIST}; run pnpm update-actions where GitHub is reachable`);
      continue;
    }
    const sha = known.tags[pin.tag];
    if (!sha) problems.push(`${where}: tag ${pin.tag} is not a release in ${LIST}`);
    else if (sha !== pin.ref) problems.push(`${where}: ${pin.ref} is not ${pin.tag} (which is ${sha})`);
    const behind = parseTag(known.latest)[0] - parseTag(pin.tag)[0];
    if (behind > majorsBehind)
      problems.push(
        `${where}: ${pin.tag} is ${behind} majors behind ${known.latest} (at most ${majorsBehind} supported): pin ${pin.repo}@${known.tags[known.latest]} # ${known.latest}`,
      );
  }
  return problems;
}

/** Release tags of one repository: semver tags only, each to its commit (annotated tags peeled). */
export function readRemoteTags(url, timeoutSeconds) {
  const r = spawnSync('git', ['ls-remote', '--tags', url], {
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  if (r.error || r.status !== 0) {
    const why =
      r.error?.code === 'ETIMEDOUT' ? `no answer within ${timeoutSeconds}s` : (r.stderr || String(r.error)).trim();
    throw new RemoteError(`git ls-remote ${url}: ${why}`);
  }
  const tags = {};
  const peeled = {};
  for (const line of r.stdout.split('\n')) {
    const [sha, ref] = line.split('\t');
    const m = /^refs\/tags\/(.+?)(\^\{\})?$/.exec(ref ?? '');
    if (!m || !parseTag(m[1])) continue;
    (m[2] ? peeled : tags)[m[1]] = sha;
  }
  const result = {};
  for (const tag of Object.keys(tags).sort(compareTags)) result[tag] = peeled[tag] ?? tags[tag];
  return result;
}

/** The list entry for one action: its newest release, and every release of the supported majors. */
export function listEntry(tags, keepMajors = MAJORS_BEHIND + 2) {
  const names = Object.keys(tags).sort(compareTags);
  if (names.length === 0) return null;
  const latest = names[names.length - 1];
  const floor = parseTag(latest)[0] - keepMajors;
  return { latest, tags: Object.fromEntries(names.filter((t) => parseTag(t)[0] > floor).map((t) => [t, tags[t]])) };
}

export function readList(file) {
  const list = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof list.actions !== 'object' || list.actions === null) throw new UsageError(`${file}: no "actions" object`);
  return list;
}

class UsageError extends Error {}
class RemoteError extends Error {}

function main() {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      root: { type: 'string' },
      list: { type: 'string' },
      remote: { type: 'string', default: DEFAULT_REMOTE },
      timeout: { type: 'string', default: '30' },
    },
  });
  const root = path.resolve(values.root ?? path.dirname(path.dirname(fileURLToPath(import.meta.url))));
  const listFile = path.resolve(root, values.list ?? LIST);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds, not ${values.timeout}`);
  if (!/\{(repo|name)\}/.test(values.remote))
    throw new UsageError('--remote must contain {repo} or {owner} and {name}');
  const pins = findPins(root);

  if (!values.check) {
    // Read everything first: one unreachable remote leaves the committed list untouched.
    const actions = {};
    for (const repo of [...new Set(pins.map((p) => p.repo))].sort()) {
      const [owner, name] = repo.split('/');
      const url = values.remote.replace('{repo}', repo).replace('{owner}', owner).replace('{name}', name);
      const entry = listEntry(readRemoteTags(url, timeout));
      if (!entry) throw new RemoteError(`${repo}: no vX.Y.Z release tags`);
      actions[repo] = entry;
      console.log(`${repo}: newest ${entry.latest}`);
    }
    const list = {
      $comment:
        'Release tags of the pinned GitHub Actions, written by `pnpm update-actions`; checked offline by `npm test`.',
      updated: new Date().toISOString().slice(0, 10),
      actions,
    };
    writeFileSync(`${listFile}.tmp`, JSON.stringify(list, null, 2) + '\n');
    renameSync(`${listFile}.tmp`, listFile);
  }

  const problems = checkPins(pins, readList(listFile));
  for (const problem of problems) console.error(problem);
  console.log(
    `${pins.length} pinned actions checked against ${path.relative(root, listFile)}: ${problems.length} problems`,
  );
  return problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (error) {
    const known = error instanceof UsageError ? 2 : error instanceof RemoteError ? 3 : 0;
    console.error(`update-actions: ${known ? error.message : error?.stack}`);
    process.exitCode = known || 2;
  }
}
