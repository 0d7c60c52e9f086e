// The native engine's sandbox: bubblewrap (Debian's `bubblewrap` package). The target's build,
// tests and service see the host read-only, a private /tmp, a throwaway copy of the service as the
// only writable tree, an environment of a few named variables (no CI tokens), no credential files
// of the invoking user, uid 65532 in a user namespace, and in the run phase a network namespace of
// their own with only loopback. The verifier reaches the service through a relay (see relay.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { onPath } from '../tools.js';

/** The uid and gid the target runs as inside the sandbox (distroless' nonroot). */
export const SANDBOX_UID = 65532;

/** Variables passed through from the verifier's environment; everything else is dropped. */
const PASSED = [
  'PATH',
  'LANG',
  'LC_ALL',
  'TZ',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'REQUESTS_CA_BUNDLE',
  'PIP_CERT',
  'CURL_CA_BUNDLE',
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GOPRIVATE',
  'GOINSECURE',
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'PIP_FIND_LINKS',
  'PIP_DEFAULT_TIMEOUT',
  'npm_config_registry',
];

/** Where credentials usually live in a home folder: hidden (empty) inside the sandbox. */
const SECRET_DIRS = ['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.config/gh', '.config/gcloud'];
const SECRET_FILES = ['.npmrc', '.yarnrc.yml', '.netrc', '.git-credentials', '.pypirc', '.config/pip/pip.conf'];

export interface SandboxLayout {
  /** The throwaway root: the copy of the service, caches, build output. */
  root: string;
  /** The copy of the service the commands run in. */
  work: string;
  /** Extra variables for both phases (toolchain caches and the like). */
  env: Record<string, string>;
  /** Folders outside the throwaway root the sandbox may write: the toolchains' download and build caches. */
  caches: string[];
}

/**
 * The toolchains' caches, kept between verifications (a cold Go build with cgo takes minutes): the
 * verifier's own, never the user's. Module and npm downloads are checked against go.sum and the
 * lockfile; Go's build cache is trusted as is, so a hostile build could leave entries a later
 * verification reuses (not the user's own builds). Delete the folder to start clean;
 * DISTROLESS_VALIDATE_CACHE names another.
 */
export function cacheRoot(): string {
  if (process.env.DISTROLESS_VALIDATE_CACHE) return process.env.DISTROLESS_VALIDATE_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'distroless-validate', 'sandbox');
}

export function bwrapPath(): string | null {
  return onPath('bwrap');
}

/**
 * Why the sandbox cannot start on this machine (no bwrap on PATH, or user namespaces refused), or
 * null when it can: for callers that choose `sandbox: false` for code they trust only when it cannot.
 */
export async function sandboxProblem(): Promise<string | null> {
  const bwrap = bwrapPath();
  if (!bwrap) return 'no bwrap on PATH (Debian/Ubuntu: apt-get install bubblewrap)';
  const probe = ['--die-with-parent', '--unshare-user', '--unshare-pid', '--unshare-net', '--ro-bind', '/', '/'];
  const r = await execa(bwrap, [...probe, '--dev', '/dev', '--proc', '/proc', onPath('true') ?? '/bin/true'], {
    all: true,
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
  });
  if (r.exitCode === 0) return null;
  const why = String(r.all ?? r.message ?? '')
    .trim()
    .split('\n')
    .pop();
  return `bubblewrap does not start a sandbox here (exit ${r.exitCode ?? 'none'}${why ? `: ${why}` : ''})`;
}

/** A registry setting the host has in a user config file that the sandbox no longer sees. */
function hostSetting(cmd: string | null, args: string[]): string | null {
  if (!cmd) return null;
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const value = out.trim();
    return value && value !== 'undefined' ? value : null;
  } catch {
    return null;
  }
}

/** The environment the target gets: the named variables only, with home and caches in the throwaway root. */
export function sandboxEnv(layout: SandboxLayout, extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    HOME: path.join(layout.root, 'home'),
    TMPDIR: '/tmp',
    ...layout.env,
    ...Object.fromEntries(Object.entries(extra).filter((e): e is [string, string] => e[1] !== undefined)),
  };
}

/** Settings read once from the host's user configuration (registries), for the sandbox's environment. */
export function registrySettings(language: string, go: string | null, npm: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (language === 'go' && !process.env.GOPROXY) {
    const proxy = hostSetting(go, ['env', 'GOPROXY']);
    if (proxy) out.GOPROXY = proxy;
  }
  if (language === 'node' && !process.env.npm_config_registry) {
    const registry = hostSetting(npm, ['config', 'get', 'registry']);
    if (registry) out.npm_config_registry = registry;
  }
  return out;
}

/** Throwaway roots are `<tmpdir>/distroless-validate-XXXXXX` (mkdtemp's six characters). */
const ROOT_PREFIX = 'distroless-validate-';
const ROOT_NAME = /^distroless-validate-[A-Za-z0-9]{6}$/;
/** In each throwaway root: the pid, start time and PID namespace of the verifier that made it. */
export const OWNER_FILE = '.distroless-validate-owner';

/** This process's PID namespace (`pid:[4026531836]`): pids from another one say nothing here. */
function pidNamespace(): string {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return 'unknown';
  }
}

/** A process's start time (clock ticks since boot, /proc/<pid>/stat field 22), or null when it is gone. */
function startTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Removes the throwaway roots that verifiers killed with SIGKILL (or a power cut) left in `tmp`:
 * only folders named as ours, owned by this user, holding an owner file written in this PID
 * namespace whose process is gone (or whose pid now belongs to a process started at another time).
 * Returns what it removed.
 */
export function sweepStaleRoots(tmp = os.tmpdir()): string[] {
  const uid = process.getuid?.();
  const namespace = pidNamespace();
  // Without /proc nothing can be told about the owners: leave everything.
  if (uid === undefined || startTime(process.pid) === null || namespace === 'unknown') return [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!ROOT_NAME.test(name)) continue;
    const root = path.join(tmp, name);
    try {
      const dir = fs.lstatSync(root);
      const owner = fs.lstatSync(path.join(root, OWNER_FILE));
      if (!dir.isDirectory() || dir.uid !== uid || !owner.isFile() || owner.uid !== uid || owner.size > 200) continue;
      const [pid, started, ns] = fs.readFileSync(path.join(root, OWNER_FILE), 'utf8').trim().split(' ');
      if (!/^\d+$/.test(pid ?? '') || !/^\d+$/.test(started ?? '') || ns !== namespace) continue;
      if (startTime(Number(pid)) === started) continue;
      fs.rmSync(root, { recursive: true, force: true });
      removed.push(root);
    } catch {
      // Not ours, or already gone: leave it.
    }
  }
  return removed;
}

function copyable(file: string): boolean {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() || st.isDirectory() || st.isSymbolicLink();
  } catch {
    return true;
  }
}

/** Makes the throwaway root and copies the service into it (without node_modules and .git). */
export function prepareLayout(dir: string): SandboxLayout {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), ROOT_PREFIX));
  const work = path.join(root, 'service');
  try {
    // First, so a verifier killed while copying leaves a root the next one can tell is stale.
    fs.writeFileSync(path.join(root, OWNER_FILE), `${process.pid} ${startTime(process.pid) ?? 0} ${pidNamespace()}\n`);
    fs.cpSync(dir, work, {
      recursive: true,
      // Symlinks are copied as links: inside the sandbox they resolve against the read-only host.
      verbatimSymlinks: true,
      // FIFOs, sockets and devices are not copied (cp refuses a FIFO; the static checks report them).
      filter: (src) => !/(^|\/)(node_modules|\.git)$/.test(path.relative(dir, src)) && copyable(src),
    });
    for (const d of ['home', 'out']) fs.mkdirSync(path.join(root, d));
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const cache = cacheRoot();
  const caches = ['go-build', 'go-mod', 'npm'].map((d) => path.join(cache, d));
  for (const d of caches) fs.mkdirSync(d, { recursive: true });
  return {
    root,
    work,
    caches,
    env: {
      GOCACHE: caches[0]!,
      GOMODCACHE: caches[1]!,
      GOPATH: path.join(root, 'home', 'go'),
      npm_config_cache: caches[2]!,
      npm_config_update_notifier: 'false',
      PYTHONDONTWRITEBYTECODE: '1',
    },
  };
}

/**
 * bwrap arguments for one phase. `build` keeps the host's network (dependencies are downloaded);
 * `run` gets a network namespace with loopback only, and the command is PID 1 of its own PID
 * namespace, as in a container (a process there has no default SIGTERM handler).
 */
export function bwrapArgs(
  phase: 'build' | 'run',
  layout: SandboxLayout,
  env: Record<string, string>,
  command: string[],
): string[] {
  const home = os.homedir();
  const hide: string[] = [];
  for (const d of SECRET_DIRS) if (fs.existsSync(path.join(home, d))) hide.push('--tmpfs', path.join(home, d));
  for (const f of SECRET_FILES)
    if (fs.existsSync(path.join(home, f))) hide.push('--ro-bind', '/dev/null', path.join(home, f));
  return [
    '--die-with-parent',
    '--new-session',
    '--unshare-user',
    '--unshare-ipc',
    '--unshare-pid',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...(phase === 'run' ? ['--unshare-net', '--as-pid-1'] : []),
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
    '--tmpfs',
    '/var/tmp',
    ...hide,
    // After /tmp: the throwaway root usually lives under it.
    '--bind',
    layout.root,
    layout.root,
    ...layout.caches.flatMap((c) => ['--bind', c, c]),
    '--chdir',
    layout.work,
    '--clearenv',
    ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]),
    '--',
    ...command,
  ];
}

/** One command as a shell would read it, indented under its phase. */
const line = (argv: string[]) => `    ${argv.map((a) => (/^[\w./:=@-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;

/** What the native engine does, for `--engine native` to print before it runs anything. */
export function describeSandbox(layout: SandboxLayout, build: string[][], run: string[]): string {
  return [
    `  in a copy of the service at ${layout.work}, under bubblewrap: host read-only, private /tmp,`,
    `  uid ${SANDBOX_UID} in a user namespace, only named variables (no tokens), credential files hidden,`,
    `  toolchain caches in ${cacheRoot()};`,
    '  build (with the host network):',
    ...build.map(line),
    '  run (network namespace with loopback only, reached through a relay):',
    line(run),
  ].join('\n');
}

/**
 * What the native engine does without its sandbox (`--no-sandbox`, `sandbox: false`), said before
 * it runs anything: the target's code gets everything the invoking user has.
 */
export function describeUnsandboxed(layout: SandboxLayout, build: string[][], run: string[]): string {
  const uid = process.getuid?.() ?? -1;
  let user = `uid ${uid}`;
  try {
    user = `${os.userInfo().username} (uid ${uid})`;
  } catch {
    // A uid without a passwd entry (containers): the number says it.
  }
  return [
    '  WITHOUT A SANDBOX (--no-sandbox): its build, its tests and the service run unsandboxed as',
    `  the invoking user ${user}, with all of that user's access to files,`,
    '  processes and the network. Only for code you trust: hostile code would act as this user.',
    `  in a copy of the service at ${layout.work}, in process groups of their own,`,
    `  only named variables (no tokens), toolchain caches in ${cacheRoot()};`,
    '  build:',
    ...build.map(line),
    "  run (on the host's network, on a free port):",
    line(run),
  ].join('\n');
}
