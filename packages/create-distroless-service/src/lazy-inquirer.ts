// node-plop imports inquirer eagerly (~300 ms at start-up); the bundle swaps in this stand-in,
// which loads the real one only when a prompt is shown. inquirer is an ES module, loaded with
// require (Node 20.19+ and 22.12+, the engines, can): an import() would fail in code the bin's
// Node 20 code cache restored (@distroless-service/compile-cache).
interface Inquirer {
  prompt: (questions: unknown, answers?: unknown) => Promise<Record<string, unknown>>;
}
let real: Inquirer | undefined;
// node:module (and import.meta.url, node:url in the CommonJS bundle) only here: a scaffold with
// every answer given loads neither.
const load = (): Inquirer =>
  (real ??= (
    process.getBuiltinModule('node:module').createRequire(import.meta.url)('inquirer') as { default: Inquirer }
  ).default);

export default {
  prompt: async (questions: unknown, answers?: unknown) => load().prompt(questions, answers),
  registerPrompt: () => {
    throw new Error('custom prompt types are not supported');
  },
};
