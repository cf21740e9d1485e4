import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('web apps: authorization code (oauth_code)', CHECK_GROUPS.web);
