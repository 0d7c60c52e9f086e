// The one question `new` may ask: the title, through plop's prompts (inquirer, loaded only here).
import nodePlop from 'node-plop';

export async function askTitle(): Promise<string> {
  const plop = await nodePlop('');
  const generator = plop.setGenerator('adr-title', {
    description: 'the title of a new ADR',
    prompts: [
      {
        type: 'input',
        name: 'title',
        message: 'Title of the decision',
        validate: (v: string) => (v.trim() ? true : 'a title is needed'),
      },
    ],
    actions: [],
  });
  const answers = (await generator.runPrompts()) as { title: string };
  return answers.title;
}
