import { isolationCase } from './isolation.js';

isolationCase('file b', 86_400);
