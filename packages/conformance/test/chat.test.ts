import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('chat v3 through the SDK (ChatV3, RetrieveChatOpen, SubmitToolOutputs, CancelChatApi)', CHECK_GROUPS.chat);
