import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('PKCE apps (oauth_pkce)', CHECK_GROUPS.pkce);
