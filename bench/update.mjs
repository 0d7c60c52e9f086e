#!/usr/bin/env node
// `create-distroless-service update`, timed next to `copier update` on an equivalent copier template
// and next to bare `git merge-file` over the same files, all in one run, interleaved so machine
// noise hits all alike. Two cases:
//   no-op   the service is already on the new template
//   edited  a node service made from version A, its team having edited ten files (a line appended
//           to each); version B changes the same ten files (a line prepended): ten clean merges.
// The copier template holds the same rendered files (plain files, so copier copies them verbatim),
// tagged v1.0.0 (A) and v1.1.0 (B). copier is installed from PyPI into a venv under the temp dir,
// with the machine's pip configuration; where that fails, the copier rows are skipped with the reason.
// Run by hand, after a build:
//   node bench/update.mjs [--runs 10] [--no-copier]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, 'no-copier': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'packages/create-distroless-service/dist/cli.cjs');
const lib = path.join(root, 'packages/create-distroless-service/dist/index.js');
if (!fs.existsSync(cli) || !fs.existsSync(lib)) {
  console.error('build first: npx -y pnpm@10 run build');
  process.exit(2);
}
const { locateTemplates, render, checkAnswers } = await import(lib);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-update-'));
const at = (...p) => path.join(work, ...p);
const IDENTITY = ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false'];
const git = (cwd, ...args) => execFileSync('git', [...IDENTITY, ...args], { cwd, stdio: 'pipe' });
const commitAll = (cwd, message) => {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '--no-verify', '-m', message);
};

// The ten files: output path → template source, with a comment syntax each accepts.
const TEN = [
  ['README.md', 'node/README.md.hbs', ''],
  ['Dockerfile', 'node/Dockerfile.hbs', '# '],
  ['src/service.ts', 'node/src/service.ts', '// '],
  ['src/server.ts', 'node/src/server.ts', '// '],
  ['test/service.test.ts', 'node/test/service.test.ts', '// '],
  ['test/server.test.ts', 'node/test/server.test.ts', '// '],
  ['deploy/chart/values.yaml', 'shared/deploy/chart/values.yaml.hbs', '# '],
  ['deploy/chart/templates/deployment.yaml', 'shared/deploy/chart/templates/deployment.yaml', '# '],
  ['.github/workflows/ci.yml', 'shared/_github/workflows/ci.yml.hbs', '# '],
  ['catalog-info.yaml', 'shared/catalog-info.yaml.hbs', '# '],
];

// Template versions A and B: copies of the repository's templates; B prepends a line to the ten.
const own = locateTemplates().root;
function templates(name, version, change) {
  const dir = at(name);
  for (const entry of ['images.json', 'shared', 'node'])
    fs.cpSync(path.join(own, entry), path.join(dir, entry), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'templates', version }) + '\n');
  if (change) {
    for (const [, source, comment] of TEN) {
      const file = path.join(dir, source);
      fs.writeFileSync(file, `${comment}Changed in template ${version}.\n` + fs.readFileSync(file, 'utf8'));
    }
  }
  return locateTemplates(dir);
}
const A = templates('A', '1.0.0', false);
const B = templates('B', '1.1.0', true);
const answers = checkAnswers({
  name: 'orders',
  lang: 'node',
  description: 'Orders',
  owner: '@acme/payments',
  port: 8080,
  base: 'distroless',
});
const today = new Date('2026-01-15T12:00:00Z');
const treeA = await render(answers, { templates: A, today, precompiled: false });
const treeB = await render(answers, { templates: B, today, precompiled: false });

function writeTree(tree, dir, skip = () => false) {
  for (const [file, content] of tree) {
    if (skip(file)) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}
const teamEdit = (dir) => {
  for (const [file, , comment] of TEN) fs.appendFileSync(path.join(dir, file), `${comment}Edited by the team.\n`);
};

// Prepared services (copied, untimed, before every timed run): made from A and edited, or made from B.
const ours = { edited: at('ours-edited'), noop: at('ours-noop') };
writeTree(treeA, ours.edited);
git(ours.edited, 'init', '-q');
commitAll(ours.edited, 'generated');
teamEdit(ours.edited);
commitAll(ours.edited, 'team edits');
writeTree(treeB, ours.noop);
git(ours.noop, 'init', '-q');
commitAll(ours.noop, 'generated');

// git merge-file over the same triplets: the floor for the merging itself.
const triplets = at('triplets');
for (const [i, [file]] of TEN.entries()) {
  const dir = path.join(triplets, String(i));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'base'), treeA.get(file));
  fs.writeFileSync(path.join(dir, 'theirs'), treeB.get(file));
  fs.copyFileSync(path.join(ours.edited, file), path.join(dir, 'ours'));
}

// copier: the same files as a copier template, and the same services made with it.
let copier = null;
let copierWhy = values['no-copier'] ? '--no-copier' : null;
if (!copierWhy) {
  const venv = at('copier-venv');
  const py = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
  const pip =
    py.status === 0 ? spawnSync(path.join(venv, 'bin/pip'), ['install', '-q', 'copier'], { encoding: 'utf8' }) : py;
  if (pip.status !== 0)
    copierWhy = `copier did not install: ${(pip.stderr || pip.error?.message || '').trim().split('\n').at(-1)}`;
  else copier = path.join(venv, 'bin/copier');
}
const copierOurs = { edited: at('copier-edited'), noop: at('copier-noop') };
if (copier) {
  const tmpl = at('copier-template');
  fs.mkdirSync(tmpl);
  const record = (f) => f === '.distroless-service.json';
  fs.writeFileSync(path.join(tmpl, 'copier.yml'), 'name:\n  type: str\n  default: orders\n');
  fs.writeFileSync(path.join(tmpl, '{{_copier_conf.answers_file}}.jinja'), '{{ _copier_answers|to_nice_yaml -}}\n');
  writeTree(treeA, tmpl, record);
  git(tmpl, 'init', '-q');
  commitAll(tmpl, 'A');
  git(tmpl, 'tag', 'v1.0.0');
  writeTree(treeB, tmpl, record);
  commitAll(tmpl, 'B');
  git(tmpl, 'tag', 'v1.1.0');
  const copy = (ref, dst) =>
    execFileSync(copier, ['copy', '--defaults', '--quiet', '--vcs-ref', ref, tmpl, dst], { stdio: 'pipe' });
  copy('v1.0.0', copierOurs.edited);
  git(copierOurs.edited, 'init', '-q');
  commitAll(copierOurs.edited, 'generated');
  teamEdit(copierOurs.edited);
  commitAll(copierOurs.edited, 'team edits');
  copy('v1.1.0', copierOurs.noop);
  git(copierOurs.noop, 'init', '-q');
  commitAll(copierOurs.noop, 'generated');
}

const env = { ...process.env, CI: '', GIT_CONFIG_NOSYSTEM: '1' };
const cases = {
  'node -e 0': { run: () => [process.execPath, ['-e', '0']] },
  'update, no-op': { prepare: ours.noop, run: (dir) => [process.execPath, [cli, 'update', dir, '--to', B.root]] },
  'update, 10 edited files': {
    prepare: ours.edited,
    run: (dir) => [process.execPath, [cli, 'update', dir, '--from', A.root, '--to', B.root]],
  },
  'git merge-file x10': {
    many: () =>
      TEN.map((_, i) => [
        'git',
        ['merge-file', '-p', ...['ours', 'base', 'theirs'].map((f) => path.join(triplets, String(i), f))],
      ]),
  },
};
if (copier) {
  cases['copier update, no-op'] = {
    prepare: copierOurs.noop,
    run: (dir) => [copier, ['update', '--defaults', '--quiet', '--vcs-ref', 'v1.1.0', dir]],
  };
  cases['copier update, 10 edited files'] = {
    prepare: copierOurs.edited,
    run: (dir) => [copier, ['update', '--defaults', '--quiet', '--conflict', 'inline', '--vcs-ref', 'v1.1.0', dir]],
  };
}

function time(commands) {
  const start = process.hrtime.bigint();
  for (const [cmd, args] of commands) {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const results = {};
for (let i = -2; i < runs; i++) {
  // Rotate the order each round so no case always runs first.
  const names = Object.keys(cases);
  const order = names.map((_, k) => names[(k + i + 2) % names.length]);
  for (const name of order) {
    const c = cases[name];
    const dir = at('run');
    fs.rmSync(dir, { recursive: true, force: true });
    if (c.prepare) fs.cpSync(c.prepare, dir, { recursive: true });
    const ms = time(c.many ? c.many() : [c.run(dir)]);
    if (i >= 0) samples[name].push(ms);
    if (c.prepare)
      results[name] = Object.fromEntries(TEN.map(([f]) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  }
}

// Both tools must have merged the same way for the comparison to mean anything.
const same = (a, b) => a && b && TEN.every(([f]) => a[f] === b[f]);
const edited = results['update, 10 edited files'];
const expected = Object.fromEntries(TEN.map(([f, , c]) => [f, treeB.get(f).toString() + `${c}Edited by the team.\n`]));
fs.rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor(0.1 * s.length)].toFixed(0)}–${s[Math.min(s.length - 1, Math.floor(0.9 * s.length))].toFixed(0)}`;
};
const floor = median(samples['node -e 0']);
console.log(`${runs} runs each, interleaved, ${os.cpus().length} CPUs, Node ${process.version}`);
for (const [name, xs] of Object.entries(samples)) {
  console.log(
    `${name.padEnd(32)} median ${median(xs).toFixed(1).padStart(7)} ms  (p10–p90 ${spread(xs)})  ${(median(xs) / floor).toFixed(2)}× node -e 0`,
  );
}
const ratio = (a, b) => (samples[a] && samples[b] ? `${(median(samples[a]) / median(samples[b])).toFixed(2)}×` : 'n/a');
console.log(`\nupdate / git merge-file x10 (edited):   ${ratio('update, 10 edited files', 'git merge-file x10')}`);
if (copier) {
  console.log(`update / copier update (no-op):         ${ratio('update, no-op', 'copier update, no-op')}`);
  console.log(
    `update / copier update (edited):        ${ratio('update, 10 edited files', 'copier update, 10 edited files')}`,
  );
  console.log(
    `same merged files as copier:            ${same(edited, results['copier update, 10 edited files']) ? 'yes' : 'NO'}`,
  );
} else {
  console.log(`copier: skipped (${copierWhy})`);
}
console.log(`merged files as expected (B + team edit): ${same(edited, expected) ? 'yes' : 'NO'}`);
