// The container engine's cleanup after a build stopped by a signal, against a podman stand-in on
// PATH: the verification's step ends at the signal, before the build has stopped, so the cleanup
// has to wait for the build (bounded) before it removes the run's images, and keep removing until
// none is left.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEngine } from '../../src/service/engines/container.js';
import type { EngineContext } from '../../src/service/engines/types.js';

// A build whose RUN step sleeps; once that step is killed the build takes STOP_S seconds to remove
// its build container, which uses the image until then. `images` fails as often as FAIL_LISTS says.
const PODMAN = `#!/bin/sh
state="$FAKE_PODMAN_STATE"
echo "$*" >> "$state/calls"
case "$1" in
  build)
    touch "$state/image" "$state/in-use"
    sh -c 'echo $$ > "$0/step"; exec sleep 3600' "$state"
    sleep "$STOP_S"; rm -f "$state/in-use"; exit 1 ;;
  images)
    if [ -s "$state/fail-lists" ]; then n=$(cat "$state/fail-lists"); echo $((n - 1)) > "$state/fail-lists"
      [ "$n" -gt 0 ] && { echo 'database is locked' >&2; exit 125; }; fi
    [ -e "$state/image" ] && echo sha256:0123456789abcdef; exit 0 ;;
  rmi)
    [ -e "$state/in-use" ] && { echo 'image is in use by a build container' >&2; exit 2; }
    rm -f "$state/image"; exit 0 ;;
  *) exit 0 ;;
esac
`;

describe('container engine cleanup after a stopped build', () => {
  let state: string;
  let savedPath: string | undefined;
  beforeEach(() => {
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-podman-'));
    const bin = path.join(state, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'podman'), PODMAN, { mode: 0o755 });
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
    process.env.FAKE_PODMAN_STATE = state;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    delete process.env.FAKE_PODMAN_STATE;
    delete process.env.STOP_S;
    fs.rmSync(state, { recursive: true, force: true });
  });

  async function stoppedBuild(stopSeconds: number) {
    process.env.STOP_S = String(stopSeconds);
    const ctx = { dir: state, facts: {}, keep: false, pull: 'never' } as unknown as EngineContext;
    const engine = containerEngine('podman', ctx);
    const controller = new AbortController();
    const build = engine.build(controller.signal);
    const step = path.join(state, 'step');
    for (let i = 0; i < 200 && !fs.existsSync(step); i++) await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(step), 'the stand-in build started its RUN step').toBe(true);
    controller.abort();
    // As verify does on a signal: the step is over, the build is still stopping.
    return { engine, build };
  }

  it('waits for the stopping build before it removes the images, which it then removes', async () => {
    // Longer than the cleanup's rounds of listing and removing take without waiting.
    const { engine, build } = await stoppedBuild(3);
    await engine.cleanup();
    expect(fs.existsSync(path.join(state, 'image')), 'the run left an image').toBe(false);
    await build;
  }, 30_000);

  it('lists again when podman refuses a listing', async () => {
    fs.writeFileSync(path.join(state, 'fail-lists'), '1');
    const { engine, build } = await stoppedBuild(0);
    await build;
    await engine.cleanup();
    expect(fs.existsSync(path.join(state, 'image')), 'the run left an image').toBe(false);
    const calls = fs.readFileSync(path.join(state, 'calls'), 'utf8').split('\n');
    expect(calls.filter((c) => c.startsWith('images')).length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});
