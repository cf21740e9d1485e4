import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('conversations and messages through the SDK (CreateConversationApi, ListMessageApi …)', CHECK_GROUPS.conversations);
