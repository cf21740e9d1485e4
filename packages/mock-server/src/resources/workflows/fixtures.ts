import { createSeededRandom } from '../../fixtures/seeded-random.js';
import type { FixtureWorkflow, Fixtures } from '../../fixtures/types.js';

export type { FixtureWorkflow, WorkflowKind } from '../../fixtures/types.js';

/**
 * The fixture workflows: published workflows every mock has, with ids derived from the seed (the same seed, the same
 * ids after a restart). What each one does when run lives in `steps.ts`; this is the one list they all come from.
 */

/** The question the question workflow asks when the run's parameters name none. */
export const DEFAULT_QUESTION = 'What is your name?';

/** Each kind once, in the order `/__mock/fixtures` lists them. */
const DEFINITIONS: readonly Pick<FixtureWorkflow, 'kind' | 'name' | 'description'>[] = [
  {
    kind: 'echo',
    name: 'Echo workflow',
    description: 'Ends at once with its parameters as the output: `data` (or the End message) is the JSON of the parameters it was run with.',
  },
  {
    kind: 'question',
    name: 'Question workflow',
    description:
      `Asks parameters.question (default "${DEFAULT_QUESTION}") and interrupts (type 2); resumed with an answer, it ends with ` +
      '{"question", "answer"}. A blank answer is asked again, at most 3 resumes in all.',
  },
];

const cache = new WeakMap<Fixtures, readonly FixtureWorkflow[]>();

/**
 * The fixture workflows of a mock's fixtures (built once per fixtures object).
 *
 * @example
 * const echo = fixtureWorkflows(mock.fixtures).find((w) => w.kind === 'echo');
 */
export function fixtureWorkflows(fixtures: Fixtures): readonly FixtureWorkflow[] {
  let workflows = cache.get(fixtures);
  if (!workflows) {
    const random = createSeededRandom(fixtures.seed).fork('workflows');
    const workspaceId = fixtures.workspaces[0]?.id ?? '';
    workflows = DEFINITIONS.map((definition) => ({ id: random.digits(19), ...definition, workspaceId }));
    cache.set(fixtures, workflows);
  }
  return workflows;
}

/** The `workflows` list of `GET /__mock/fixtures` (copies: the fixtures stay as they are). */
export const publicWorkflows = (fixtures: Fixtures): FixtureWorkflow[] => fixtureWorkflows(fixtures).map((workflow) => ({ ...workflow }));
