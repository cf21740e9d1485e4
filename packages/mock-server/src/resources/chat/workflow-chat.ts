import type { Context } from 'hono';
import * as z from 'zod';
import { authorize } from '../../auth/index.js';
import type { MockContext, MockEnv } from '../../context.js';
import { openApiErrors } from '../../errors.js';
import { publicOrigin } from '../../http.js';
import { enterMessageSchema } from '../conversations/content.js';
import { readApiBody } from '../request.js';
import { reachableBot } from '../shared/access.js';
import { fixtureWorkflows } from '../workflows/fixtures.js';
import { RUN_WORKFLOW_PERMISSION } from '../workflows/routes.js';
import { beginChat } from './start.js';
import { streamRun } from './stream.js';
import { once } from '../shared/once.js';

/**
 * `POST /v1/workflows/chat` (coze-openapi.yaml OpenAPIChatFlowRun; coze-js `workflows.chat.stream`): a fixture
 * workflow run as a chat flow. It answers the last user message, as the echo bot does, in a chat's events and store
 * (conversation, messages, `/v3/chat/retrieve`), written in the workflow streams' spaced framing with a `done` that
 * carries `{debug_url}` (coze-py's captured `workflows_chat_stream_resp.txt`). Needs `runWorkflow`, like every
 * workflow call.
 */

const chatFlowBody = once(() =>
  z
    .object({
      workflow_id: z.string().min(1, 'required').max(64),
      additional_messages: z.array(enterMessageSchema()).max(50),
      // An object (coze-js), or a string holding one (the docs): the fixture chat flow reads neither.
      parameters: z.union([z.record(z.string(), z.unknown()), z.string().max(65_536)]).optional(),
      bot_id: z.string().min(1).max(64).optional(),
      app_id: z.string().min(1).max(64).optional(),
      conversation_id: z.string().min(1).max(64).optional(),
      connector_id: z.string().min(1).max(64).optional(),
      ext: z.record(z.string(), z.string()).optional(),
      workflow_version: z.string().max(64).optional(),
    })
    .refine((body) => !(body.bot_id && body.app_id), { message: 'give bot_id or app_id, not both', path: ['app_id'] }),
);

/**
 * @example
 * routes.post(ENDPOINTS.workflowChat, (c) => workflowChat(c, mock));
 */
export async function workflowChat(c: Context<MockEnv>, mock: MockContext): Promise<Response> {
  const caller = authorize(c, mock, RUN_WORKFLOW_PERMISSION);
  const body = await readApiBody(c, mock, chatFlowBody());
  const workflow = fixtureWorkflows(mock.fixtures).find((w) => w.id === body.workflow_id);
  if (!workflow) throw openApiErrors.notFound(`workflow ${body.workflow_id}`);
  if (caller.workspaceIds && !caller.workspaceIds.includes(workflow.workspaceId)) throw openApiErrors.permissionDenied(`workspace ${workflow.workspaceId}`);
  const botId = body.bot_id === undefined ? '' : reachableBot(mock, caller, body.bot_id, { published: true }).id;
  const origin = publicOrigin(mock);
  const run = beginChat(mock, caller, {
    bot: undefined,
    botId,
    conversationId: body.conversation_id,
    messages: body.additional_messages,
    saved: true,
    metaData: undefined,
    done: (chat) => ({ debug_url: `${origin}/work_flow?execute_id=${chat.id}&space_id=${workflow.workspaceId}&workflow_id=${workflow.id}` }),
  });
  return streamRun(c, mock.store.resources.chats, run, {}, 'spaced');
}
