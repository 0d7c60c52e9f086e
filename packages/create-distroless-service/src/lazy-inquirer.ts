// node-plop imports inquirer eagerly, which costs ~300 ms at start-up. The bundle swaps in this
// stand-in, which loads the real inquirer only when a prompt is actually shown.
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
