// The check behind the four builder/runtime version rules (Node and Python, mismatch and unknown):
// each rule keeps its own module, id, severity and docs; only what they compare differs by language.
import { baseImage } from './dockerfile.js';
import { unknownVersions, versionPair, type VersionPair } from './images.js';
import type { StaticRule } from './types.js';

interface LanguageVersion {
  language: 'node' | 'python';
  /** How the language is named in messages. */
  name: string;
  /** The advice when the two differ. */
  advice(builderVersion: string, runtimeVersion: string): string;
  /** The command that prints the version inside an image. */
  versionCommand: string;
}

const LANGUAGES: Record<LanguageVersion['language'], LanguageVersion> = {
  node: {
    language: 'node',
    name: 'Node',
    advice: (bv, rv) => `use a node:${rv}-trixie-slim builder (or the nodejs${bv} runtime)`,
    versionCommand: 'node -v',
  },
  python: {
    language: 'python',
    name: 'Python',
    advice: (bv, rv) => `use a python:${rv}-slim builder (or a runtime with ${bv})`,
    versionCommand: 'python3 -V',
  },
};

type Check = StaticRule['check'];

function withPair(
  language: LanguageVersion['language'],
  use: (pair: VersionPair, ...rest: Parameters<Check>) => void,
): Check {
  return (ctx, api) => {
    const d = ctx.docker;
    if (!d || ctx.language !== language || !d.builder) return;
    use(versionPair(language, baseImage(d.builder), baseImage(d.final)), ctx, api);
  };
}

/** Reports a builder whose version differs from the runtime's. */
export function versionMismatchCheck(language: LanguageVersion['language']): Check {
  const l = LANGUAGES[language];
  return withPair(language, (pair, ctx, { report }) => {
    const d = ctx.docker!;
    const bv = pair.builderVersion.version;
    const rv = pair.runtimeVersion.version;
    if (!bv || !rv || bv === rv) return;
    report({
      file: d.file,
      // The FROM that names the builder's image (a stage built FROM another stage names none).
      line: d.builderChain[0]!.fromLine,
      message:
        `builder '${pair.builder.raw}' is ${l.name} ${bv} but the runtime '${pair.runtime.raw}' is ${l.name} ${rv}: ` +
        l.advice(bv, rv),
    });
  });
}

/** Reports a pair whose versions cannot be read from the image references. */
export function versionUnknownCheck(language: LanguageVersion['language']): Check {
  const l = LANGUAGES[language];
  return withPair(language, (pair, ctx, { report }) => {
    const d = ctx.docker!;
    const why = unknownVersions(pair);
    if (why === null) return;
    report({
      file: d.file,
      line: pair.runtimeVersion.version ? d.builderChain[0]!.fromLine : d.final.fromLine,
      message:
        `cannot tell whether the builder and runtime ${l.name} versions match (${why}): pin both images by digest ` +
        `and check that \`${l.versionCommand}\` agrees in both`,
    });
  });
}
