import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('one bot through the SDK (GetBotOnlineInfo, OpenGetBotInfo)', CHECK_GROUPS.bots);
