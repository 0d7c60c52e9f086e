// node-plop imports inquirer eagerly; the bundle swaps in this stand-in, which loads the real one
// only when a prompt is shown (only `new` without a title, on a terminal, ever prompts).
interface Inquirer {
  prompt: (questions: unknown, answers?: unknown) => Promise<Record<string, unknown>>;
}
let real: Inquirer | undefined;
const load = async (): Promise<Inquirer> =>
  (real ??= ((await import('inquirer' as string)) as { default: Inquirer }).default);

export default {
  prompt: async (questions: unknown, answers?: unknown) => (await load()).prompt(questions, answers),
  registerPrompt: () => {
    throw new Error('custom prompt types are not supported');
  },
};
