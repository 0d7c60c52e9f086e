#!/usr/bin/env node
// shellcheck over every tracked shell script (and .ci/run). Debian's shellcheck package is the source
// (.ci/run installs it); without it the check is skipped with its reason, except under CI=true.
import { execFileSync, spawnSync } from 'node:child_process';

const files = execFileSync('git', ['ls-files', '-z', '--', '*.sh', '.ci/run'], { encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
if (probe.error) {
  const reason = 'shellcheck is not installed (apt-get install shellcheck)';
  if (process.env.CI === 'true') {
    console.error(`lint-shell: ${reason}; CI=true makes this a failure`);
    process.exit(1);
  }
  console.log(`lint-shell: SKIP ${files.length} scripts: ${reason}`);
  process.exit(0);
}
const run = spawnSync('shellcheck', ['-f', 'gcc', ...files], { stdio: 'inherit' });
if (run.status === 0) console.log(`lint-shell: ${files.length} scripts clean`);
process.exit(run.status ?? 1);
