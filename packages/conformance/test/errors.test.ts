import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('errors of the auth endpoints', CHECK_GROUPS.errors);
