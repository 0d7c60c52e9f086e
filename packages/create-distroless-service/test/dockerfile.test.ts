// The Node Dockerfile's layer order: the production node_modules the image ships come from a stage
// that sees only package.json and package-lock.json (and the stages it builds on), so a change to
// the sources never reinstalls them: that stage stays cached until the lockfile changes.
import { DockerfileParser, type Copy, type From } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../src/answers.js';
import { render } from '../src/render.js';

interface Stage {
  name: string | null;
  image: string;
  /** Each instruction: keyword, arguments without flags, COPY's --from, and the whole text. */
  steps: { keyword: string; args: string; from: string | null; text: string }[];
}

function stages(text: string): Stage[] {
  const out: Stage[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const from = ins as From;
      out.push({ name: from.getBuildStage(), image: from.getImage() ?? '', steps: [] });
      continue;
    }
    // getFromFlag() finds --from only as the first flag; ours follows --chown.
    const from =
      keyword === 'COPY'
        ? ((ins as Copy)
            .getFlags()
            .find((f) => f.getName() === 'from')
            ?.getValue() ?? null)
        : null;
    out.at(-1)?.steps.push({ keyword, args: ins.getRawArgumentsContent() ?? '', from, text: ins.getTextContent() });
  }
  return out;
}

/** A stage and every stage it is built FROM, nearest last. */
function chain(all: Stage[], name: string): Stage[] {
  const stage = all.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  const parent = all.find((s) => s.name !== null && s.name === stage.image);
  return [...(parent ? chain(all, parent.name!) : []), stage];
}

const variants = [
  { framework: 'http', base: 'distroless', pinned: false },
  { framework: 'fastify', base: 'distroless', pinned: false },
  { framework: 'http', base: 'chainguard', pinned: false },
  { framework: 'http', base: 'distroless', pinned: true },
] as const;

describe.each(variants)('Node Dockerfile ($framework on $base, pinned: $pinned)', ({ framework, base, pinned }) => {
  it('copies production node_modules from a stage built from the lockfile alone', async () => {
    const answers: Answers = {
      name: 'layers-svc',
      lang: 'node',
      framework,
      base,
      description: 'd',
      owner: 'o',
      port: 8080,
      adrStatus: 'proposed',
    };
    const digest = `sha256:${'a'.repeat(64)}`;
    const tree = await render(answers, {
      precompiled: false,
      ...(pinned && {
        pinned: {
          builder: `node:24-trixie-slim@${digest}`,
          runtime: `gcr.io/distroless/nodejs24-debian13:nonroot@${digest}`,
        },
      }),
    });
    const all = stages(tree.get('Dockerfile')!.toString('utf8'));
    const final = all.at(-1)!;
    const modules = final.steps.find((s) => s.keyword === 'COPY' && /\snode_modules\b|\/node_modules\s/.test(s.args));
    expect(modules?.from, 'the final stage copies node_modules from a stage').toBeTruthy();

    const deps = chain(all, modules!.from!);
    const copied = deps.flatMap((s) => s.steps.filter((step) => step.keyword === 'COPY' || step.keyword === 'ADD'));
    // Only the manifest and the lockfile: no `COPY src`, no `COPY .`.
    expect(copied.map((c) => c.args.split(/\s+/).slice(0, -1).join(' '))).toEqual(['package.json package-lock.json']);
    const install = deps.flatMap((s) => s.steps).find((step) => step.keyword === 'RUN' && /\bnpm ci\b/.test(step.args));
    expect(install?.args).toMatch(/--omit=dev/);
    expect(install?.text).toMatch(/--mount=type=cache,target=\/tmp\/npm-cache/);

    // The build stage compiles and tests the sources; the image ships its dist/ only.
    const build = final.steps.find((s) => s.keyword === 'COPY' && /\/app\/dist\b/.test(s.args));
    expect(build?.from).toBeTruthy();
    const buildSteps = chain(all, build!.from!).flatMap((s) => s.steps);
    expect(buildSteps.some((s) => s.keyword === 'COPY' && /^src\b/.test(s.args))).toBe(true);
    expect(buildSteps.some((s) => s.keyword === 'RUN' && /npm test/.test(s.args))).toBe(true);
  });
});
