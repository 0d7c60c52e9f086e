import picomatch from 'picomatch';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

/** Whether the context path is excluded, with Docker's rules: last matching pattern wins, `!` re-includes. */
export function dockerignoreExcludes(text: string, target: string): { excluded: boolean; line: number } {
  let excluded = false;
  let line = 0;
  text.split(/\r?\n/).forEach((rawLine, i) => {
    let p = rawLine.trim();
    if (!p || p.startsWith('#')) return;
    const negate = p.startsWith('!');
    if (negate) p = p.slice(1).trim();
    p = p.replace(/^\/+/, '').replace(/\/+$/, '');
    if (!p) return;
    // A pattern also excludes everything below a matched directory.
    const isMatch = picomatch(p, { dot: true });
    if (isMatch(target) || isMatch(target.split('/')[0]!)) {
      excluded = !negate;
      line = i + 1;
    }
  });
  return { excluded, line };
}

export const dockerignore: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerignore',
    severity: 'error',
    docs:
      '.dockerignore exists, is a readable regular file and excludes .git (and node_modules for Node services) ' +
      'from the build context.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const file = '.dockerignore';
    // A file there that cannot be read is worth saying whatever the Dockerfile's state.
    if (ctx.dockerignore?.problem !== undefined) {
      report({ file, line: 0, message: `${ctx.dockerignore.problem}: make .dockerignore a regular text file` });
      return;
    }
    if (!ctx.docker && ctx.dockerProblem) return;
    if (!ctx.dockerignore) {
      report({
        file: file,
        line: 0,
        message:
          'no .dockerignore: add one that excludes at least .git and node_modules, so secrets, history and host ' +
          'builds stay out of the build context',
      });
      return;
    }
    // node_modules only matters where npm runs; requiring it of Go and Python services would be noise.
    const targets = ctx.language === 'node' ? ['.git', 'node_modules'] : ['.git'];
    for (const t of targets) {
      const r = dockerignoreExcludes(ctx.dockerignore.text, t);
      if (!r.excluded) {
        report({
          file: file,
          line: r.line,
          message: r.line
            ? `line ${r.line} re-includes ${t} in the build context: remove that negation`
            : `.dockerignore does not exclude ${t}: add a line '${t}'`,
        });
      }
    }
  },
};
