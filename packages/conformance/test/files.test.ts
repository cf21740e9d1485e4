import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('files through the SDK (UploadFileOpen, RetrieveFileOpen)', CHECK_GROUPS.files);
