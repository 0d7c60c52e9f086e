// node-plop imports inquirer eagerly; the bundle swaps in this stand-in, which loads the real one
// only when a prompt is shown (only `new` without a title, on a terminal, ever prompts), with
// Node's own compile cache switched on for it (@distroless-service/compile-cache/outside).
import { requireOutside } from '@distroless-service/compile-cache/outside';

interface Inquirer {
  prompt: (questions: unknown, answers?: unknown) => Promise<Record<string, unknown>>;
}
let real: Inquirer | undefined;
const load = (): Inquirer => (real ??= requireOutside<{ default: Inquirer }>(import.meta.url, 'inquirer').default);

export default {
  prompt: async (questions: unknown, answers?: unknown) => load().prompt(questions, answers),
  registerPrompt: () => {
    throw new Error('custom prompt types are not supported');
  },
};
