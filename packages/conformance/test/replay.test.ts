import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('replays of coze-py, coze-go and coze-java (raw HTTP)', CHECK_GROUPS.replay);
