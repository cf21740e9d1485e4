import { randomToken } from '../../state/random.js';

const DIGITS = '0123456789';

/**
 * A fresh id shaped like Coze's conversation, chat, message and file ids: 19 digits starting with 7
 * (`7382159487131697202` in coze-py's captured streams). Random, not seeded: ids of state, not of fixtures.
 *
 * @example
 * newCozeId(); // '7349216583017264518'
 */
export const newCozeId = (): string => randomToken(18, DIGITS, '7');
