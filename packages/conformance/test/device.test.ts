import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('device apps (oauth_device_code)', CHECK_GROUPS.device);
