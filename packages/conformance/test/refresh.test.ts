import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('refresh tokens and lifetimes (oauth_code)', CHECK_GROUPS.refresh);
