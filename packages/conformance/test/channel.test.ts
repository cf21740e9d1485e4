import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('channel apps: JWT scope (oauth_jwt_channel)', CHECK_GROUPS.channel);
