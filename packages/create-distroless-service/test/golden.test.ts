// Golden files: the whole rendered tree per language and base, so any template change shows up as
// a reviewed diff (`vitest -u` rewrites them). Also proves every template renders in strict mode.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import { listTree, tempDir } from './support/cli.js';

const cases = [
  ['node', 'distroless'],
  ['node-fastify', 'distroless'],
  ['go', 'distroless'],
  ['python', 'distroless'],
  ['node', 'chainguard'],
  ['go', 'chainguard'],
  ['python', 'chainguard'],
] as const;

describe.each(cases)('%s on %s', (variant, base) => {
  // node-fastify: a Node service with --framework fastify.
  const [lang, framework] = variant.split('-') as ['node' | 'go' | 'python', 'fastify' | undefined];
  it('renders the golden tree', async () => {
    const dir = path.join(tempDir(), 'golden-svc');
    await generate({
      dir,
      git: false,
      today: new Date('2026-01-15T12:00:00Z'),
      answers: {
        name: 'golden-svc',
        lang,
        ...(framework && { framework }),
        base,
        description: 'A golden service',
        owner: '@acme/platform',
        port: 8080,
        adrStatus: 'proposed',
      },
    });
    const files = listTree(dir);
    await expect(files.join('\n') + '\n').toMatchFileSnapshot(`golden/${variant}-${base}/__tree__.txt`);
    // Chainguard differs from distroless in its images and the words about them: pin the files that name them.
    const pinned =
      base === 'distroless'
        ? files
        : files.filter((f) => /^(Dockerfile|docs\/adr\/|\.distroless-service\.json)/.test(f));
    for (const file of pinned) {
      // The template hash changes with every template edit; its own tests are in update.test.ts.
      // Only in the record: other files (requirements.txt) hold sha256 hashes of their own.
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      const text = file === '.distroless-service.json' ? raw.replace(/sha256:[0-9a-f]{64}/, 'sha256:<templates>') : raw;
      await expect(text).toMatchFileSnapshot(`golden/${variant}-${base}/${file}.golden`);
    }
  });

  // Run by hand in a generated service of each language (sh and bash): it ends with "exit 0".
  it("the README's drain recipe signals the server itself and waits for it by its pid", async () => {
    const dir = path.join(tempDir(), 'drain-svc');
    await generate({
      dir,
      git: false,
      answers: {
        name: 'drain-svc',
        lang,
        ...(framework && { framework }),
        base,
        description: 'd',
        owner: 'o',
        port: 8080,
        adrStatus: 'proposed',
      },
    });
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    const recipe = /\n```sh\n(DEBUG_ENDPOINTS=true[^`]*)```/.exec(readme)?.[1] ?? '';
    const lines = recipe.trim().split('\n');
    // npm start would take the signal and exit 143 at once, leaving the server draining unseen.
    expect(lines[0]).toMatch(
      /^DEBUG_ENDPOINTS=true SHUTDOWN_DELAY_SECONDS=2 (node dist\/server\.js|\.\/drain-svc|\.venv\/bin\/python -m app) & server=\$!$/,
    );
    // Job numbers (%1) need job control, which a script does not have.
    expect(recipe).not.toContain('%');
    expect(recipe).toContain('kill -TERM $server;');
    expect(lines.at(-1)).toMatch(/^wait \$server; echo "exit \$\?" +# exit 0: /);
    // The opening paragraph names the image it is built into.
    expect(readme).toMatch(/built into a\s+(Google distroless|Chainguard|distroless)\s+image\s+\(`[^`]+`\)/);
  });
});
