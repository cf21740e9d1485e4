import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('service apps: JWT flow (oauth_jwt)', CHECK_GROUPS.jwt);
