import { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { createBotRoutes } from './bots/routes.js';
import { createChatRoutes } from './chat/routes.js';
import { createMessageRoutes } from './conversations/message-routes.js';
import { createConversationRoutes } from './conversations/routes.js';
import { createFileRoutes } from './files/routes.js';


/**
 * Coze's OpenAPI resources past the token: chat v3, conversations and their messages, files and one bot's
 * configuration, each in its folder (routes, store, schemas). Mount before the catch-all of the endpoints the mock
 * does not implement.
 *
 * @example
 * app.route('/', createResourceRoutes(mock));
 */
export function createResourceRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .route('/', createChatRoutes(mock))
    .route('/', createConversationRoutes(mock))
    .route('/', createMessageRoutes(mock))
    .route('/', createFileRoutes(mock))
    .route('/', createBotRoutes(mock));
}
