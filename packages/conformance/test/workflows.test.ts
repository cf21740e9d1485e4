import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('workflows through the SDK (OpenAPIRunFlow, OpenAPIStreamRunFlow, OpenAPIStreamResumeFlow, OpenAPIChatFlowRun)', CHECK_GROUPS.workflows);
