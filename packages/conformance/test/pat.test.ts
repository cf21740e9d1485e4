import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('personal access tokens and resource endpoints (list_workspace)', CHECK_GROUPS.pat);
