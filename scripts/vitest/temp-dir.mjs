// Vitest global setup for every suite: the run's temporary files go under one folder of its own,
// removed when the run ends. Tests make their folders with mkdtemp(os.tmpdir()) and the commands
// they start (git, go, podman, a registry) write under TMPDIR too; each suite used to leave
// thousands of folders and gigabytes (a test registry's images) in /tmp on every run.
// TEST_KEEP_TMPDIR=1 keeps the folder, and says where it is, to look at what a failing test left.
// A run that is killed (turbo stops the other suites when one fails) cannot clean up: its folder
// names the process that made it, and the next run removes the folders of processes that are gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const OWNER = '.owner-pid';

export default function setup() {
  const before = process.env.TMPDIR;
  pruneOrphans(os.tmpdir());
  // Short: a unix socket's path (a registry, podman) must stay under 108 bytes.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-'));
  fs.writeFileSync(path.join(root, OWNER), String(process.pid));
  // Open as /tmp is (mkdtemp makes it 0700): tests run commands as an unprivileged user too.
  fs.chmodSync(root, 0o1777);
  // Set before the test workers start: they, and every command they run, inherit it.
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.TEST_KEEP_TMPDIR === '1') {
      // Kept for good: no owner, so no later run prunes it.
      fs.rmSync(path.join(root, OWNER), { force: true });
      console.log(`test files kept in ${root}`);
      return;
    }
    remove(root);
  };
}

function remove(root) {
  try {
    try {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A folder a test made read-only stops a user who is not root: open them all, then again.
      writable(root);
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    }
  } catch (e) {
    // Not worth failing a green run over (say, a file a container made as another user).
    console.warn(`could not remove ${root}: ${e.message}`);
  }
}

/** Removes the vt- folders in `tmp` whose owning process has ended (suites run side by side). */
function pruneOrphans(tmp) {
  let names = [];
  try {
    names = fs.readdirSync(tmp).filter((name) => name.startsWith('vt-'));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(tmp, name);
    let pid;
    try {
      pid = Number(fs.readFileSync(path.join(dir, OWNER), 'utf8'));
    } catch {
      continue; // kept, or not ours
    }
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) remove(dir);
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, as another user.
    return e.code !== 'ESRCH';
  }
}

function writable(dir) {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory()) writable(path.join(dir, entry.name));
}
