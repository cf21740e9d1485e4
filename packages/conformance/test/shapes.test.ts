import { CHECK_GROUPS } from '../src/checks/index.js';
import { registerChecks } from '../src/runner/vitest-suite.js';

registerChecks('reply shapes against the contract snapshot', CHECK_GROUPS.shapes);
