import { cozeMockGlobalSetup } from '../../src/vitest-global-setup.js';

export default cozeMockGlobalSetup({ seed: 'global-setup-test' });
