import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks("device flow under the SDK's poll:true loop, in fake time", CHECK_GROUPS.devicePoll);
