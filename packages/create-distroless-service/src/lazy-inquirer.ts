// node-plop imports inquirer eagerly (~300 ms at start-up); the bundle swaps in this stand-in,
// which loads the real one only when a prompt is shown, with Node's own compile cache switched on
// for it (@distroless-service/compile-cache/outside).
import { requireOutside } from '@distroless-service/compile-cache/outside';

interface Inquirer {
  prompt: (questions: unknown, answers?: unknown) => Promise<Record<string, unknown>>;
}
let real: Inquirer | undefined;
// import.meta.url (node:url in the CommonJS bundle) only here: a scaffold with every answer given
// loads neither it nor node:module.
const load = (): Inquirer => (real ??= requireOutside<{ default: Inquirer }>(import.meta.url, 'inquirer').default);

export default {
  prompt: async (questions: unknown, answers?: unknown) => load().prompt(questions, answers),
  registerPrompt: () => {
    throw new Error('custom prompt types are not supported');
  },
};
