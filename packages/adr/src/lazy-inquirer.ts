// node-plop imports inquirer eagerly; the bundle swaps in this stand-in, which loads the real one
// only when a prompt is shown (only `new` without a title, on a terminal, ever prompts).
// inquirer is an ES module, loaded with require (Node 20.19+ and 22.12+, the engines, can): an
// import() would fail in code the bin's Node 20 code cache restored (@distroless-service/compile-cache).
import { createRequire } from 'node:module';

interface Inquirer {
  prompt: (questions: unknown, answers?: unknown) => Promise<Record<string, unknown>>;
}
let real: Inquirer | undefined;
const load = (): Inquirer => (real ??= (createRequire(import.meta.url)('inquirer') as { default: Inquirer }).default);

export default {
  prompt: async (questions: unknown, answers?: unknown) => load().prompt(questions, answers),
  registerPrompt: () => {
    throw new Error('custom prompt types are not supported');
  },
};
