/**
 * `POST /v1/workflows/chat` (coze-openapi.yaml OpenAPIChatFlowRun): a fixture workflow run as a chat flow, in the
 * workflow streams' spaced framing (coze-py `tests/testdata/workflows_chat_stream_resp.txt`), with coze-js
 * `workflows.chat.stream` over HTTP.
 */
import { ChatEventType, CozeAPI, RoleType } from '@coze/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { expectApiError, fixturesOf, newMock } from './helpers.js';
import { api, ask, botId, dataFrom } from './resource-helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

const echoWorkflow = (target: MockApp) => fixturesOf(target).workflows.find((w) => w.kind === 'echo')?.id as string;

/** A stream in the spaced framing: `event: name`, `data: json`, a blank line. */
function spacedEvents(text: string): { event: string; data: unknown }[] {
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const match = /^event: (\S+)\ndata: (.*)$/.exec(block);
      expect(match, block).not.toBeNull();
      return { event: match?.[1] as string, data: JSON.parse(match?.[2] as string) as unknown };
    });
}

describe('POST /v1/workflows/chat', () => {
  it('answers the last user message in chat events, spaced, and ends with done carrying debug_url', async () => {
    const res = await api(app, 'POST', '/v1/workflows/chat', { workflow_id: echoWorkflow(app), additional_messages: ask('flow question'), parameters: {} });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = spacedEvents(await res.text());
    expect(events[0]?.event).toBe('conversation.chat.created');
    expect(events.filter((e) => e.event === 'conversation.message.delta').map((e) => (e.data as { content: string }).content).join('')).toBe('flow question');
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    expect((done?.data as { debug_url: string }).debug_url).toMatch(/\/work_flow\?execute_id=\d+&space_id=\d+&workflow_id=\d+$/);
    const chat = events[0]?.data as { id: string; conversation_id: string };
    expect(await dataFrom(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${chat.conversation_id}&chat_id=${chat.id}`))).toMatchObject({ status: 'completed' });
  });

  it('answers Coze’s errors as JSON: no token, no runWorkflow, a bad body, an unknown workflow or bot, a busy conversation', async () => {
    const body = { workflow_id: echoWorkflow(app), additional_messages: ask('x') };
    await expectApiError(await api(app, 'POST', '/v1/workflows/chat', body, null), 401, 4100);
    await expectApiError(await api(app, 'POST', '/v1/workflows/chat', { ...body, additional_messages: 'x' }), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v1/workflows/chat', { ...body, bot_id: botId(app, 'Echo bot'), app_id: '1' }), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v1/workflows/chat', { ...body, additional_messages: [] }), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v1/workflows/chat', { ...body, workflow_id: '7000000000000000000' }), 404, 4200);
    await expectApiError(await api(app, 'POST', '/v1/workflows/chat', { ...body, bot_id: '7000000000000000000' }), 404, 4200);
    const started = await dataFrom<{ conversation_id: string }>(await api(app, 'POST', '/v3/chat', { bot_id: botId(app, 'Echo bot'), user_id: 'u', additional_messages: ask('busy') }));
    await expectApiError(await api(app, 'POST', '/v1/workflows/chat', { ...body, conversation_id: started.conversation_id }), 409, 4016);
    app = newMock({ config: { pats: [{ token: 'pat_chat_no_flows', permissions: ['chat'] }] } });
    expect((await expectApiError(await api(app, 'POST', '/v1/workflows/chat', { ...body, workflow_id: echoWorkflow(app) }, 'pat_chat_no_flows'), 403, 4101)).msg).toContain('runWorkflow');
  });
});

describe('coze-js workflows.chat.stream over HTTP', () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: 'beta' });
  });
  afterAll(() => server.close());

  it('streams the chat flow’s answer; done is the SDK’s "[DONE]"', async () => {
    const client = new CozeAPI({ token: server.fixtures.pat, baseURL: server.url });
    const workflowId = server.fixtures.workflows.find((w) => w.kind === 'echo')?.id as string;
    const events = [];
    for await (const event of await client.workflows.chat.stream({ workflow_id: workflowId, additional_messages: [{ role: RoleType.User, content: 'Hi flow', content_type: 'text' }] })) events.push(event);
    const answer = events.filter((e) => e.event === ChatEventType.CONVERSATION_MESSAGE_DELTA).map((e) => (e.data as { content: string }).content).join('');
    expect(answer).toBe('Hi flow');
    expect(events.at(-1)).toEqual({ event: ChatEventType.DONE, data: '[DONE]' });
  });
});
