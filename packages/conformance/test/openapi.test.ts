import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('OpenAPI resources and unimplemented endpoints (list_workspace, coze-openapi.yaml)', CHECK_GROUPS.openapi);
