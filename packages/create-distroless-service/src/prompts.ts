// Interactive questions for the answers still missing, asked through plop (inquirer under the hood,
// loaded only here). Each answer is checked against the same schema as flags and files.
import nodePlop from 'node-plop';
import {
  adrStatuses,
  bases,
  checkOne,
  defaults,
  frameworks,
  languages,
  portFromText,
  type AnswerKey,
  type PartialAnswers,
} from './answers.js';

type Question = Record<string, unknown> & { name: AnswerKey };

export function questions(missing: AnswerKey[], suggested: PartialAnswers): Question[] {
  const make: Record<AnswerKey, () => Question> = {
    name: () => ({
      type: 'input',
      name: 'name',
      message: 'Service name',
      validate: (v: string) => checkOne('name', v),
    }),
    lang: () => ({
      type: 'list',
      name: 'lang',
      message: 'Language',
      choices: [
        { name: 'Node (TypeScript)', value: 'node' },
        { name: 'Go', value: 'go' },
        { name: 'Python', value: 'python' },
      ].filter((c) => languages.includes(c.value as never)),
    }),
    framework: () => ({
      type: 'list',
      name: 'framework',
      message: 'HTTP framework',
      choices: frameworks.map((value) => ({
        name: value === 'http' ? 'node:http (no framework)' : 'Fastify',
        value,
      })),
      // Asked only for Node: the language comes from this run's answers or a flag.
      when: (answers: PartialAnswers) => (answers.lang ?? suggested.lang) === 'node',
    }),
    description: () => ({
      type: 'input',
      name: 'description',
      message: 'Description',
      validate: (v: string) => checkOne('description', v),
    }),
    owner: () => ({
      type: 'input',
      name: 'owner',
      message: 'Owning team (e.g. @acme/payments)',
      validate: (v: string) => checkOne('owner', v),
    }),
    port: () => ({
      type: 'input',
      name: 'port',
      message: 'Port',
      filter: portFromText,
      validate: (v: unknown) => checkOne('port', v),
    }),
    base: () => ({
      type: 'list',
      name: 'base',
      message: 'Base images',
      choices: bases.map((value) => ({
        name: value === 'distroless' ? 'Google distroless (gcr.io/distroless)' : 'Chainguard (cgr.dev/chainguard)',
        value,
      })),
    }),
    adrStatus: () => ({
      type: 'list',
      name: 'adrStatus',
      message: 'Status of the generated decision records',
      choices: adrStatuses.map((value) => ({
        name: value === 'proposed' ? 'proposed (the team still has to decide)' : 'accepted (already decided)',
        value,
      })),
    }),
  };
  return missing.map((key) => {
    const question = make[key]();
    if (suggested[key] !== undefined) question.default = suggested[key];
    // A name typed at the prompt before it: `The <name> service`, the documented default.
    if (key === 'description' && missing.includes('name')) {
      question.default = (answers: PartialAnswers) =>
        typeof answers.name === 'string' ? defaults(answers.name).description : suggested.description;
    }
    return question;
  });
}

export async function ask(list: Question[]): Promise<PartialAnswers> {
  const plop = await nodePlop('');
  const generator = plop.setGenerator('answers', { description: 'answers', prompts: list as never, actions: [] });
  // On Ctrl-C, inquirer closes its prompt and sends the process SIGINT; with the prompt closed
  // nothing else keeps Node running, and it exited 0 before the signal's handler (early-signals.ts:
  // 130, the message) ran. This keeps it running until the prompts end, one way or the other.
  const alive = setInterval(() => undefined, 1 << 30);
  try {
    return (await generator.runPrompts()) as PartialAnswers;
  } finally {
    clearInterval(alive);
  }
}
