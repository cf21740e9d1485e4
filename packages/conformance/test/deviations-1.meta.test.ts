import { registerDeviationRuns } from './support/deviation-runs.js';

// Shard 2 of the deviation meta-test (see deviations.meta.test.ts and support/deviation-runs.ts).
registerDeviationRuns(1);
