import { isolationCase } from './isolation.js';

isolationCase('file a', 3600);
