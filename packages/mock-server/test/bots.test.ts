/**
 * The fixture bots (listed in `/__mock/fixtures`, read with OpenGetBotInfo and GetBotOnlineInfo) and their scripts
 * (`POST /__mock/bots/{bot_id}/script`): answer and chunking, follow-ups, usage, a failure as `conversation.chat.failed`
 * or an `error` event, a dropped or a hung stream, tool calls, `times`; per mock, gone on reset.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { expectApiError, expectOAuthError, fixturesOf, jwtToken, newMock, postJson } from './helpers.js';
import { api, ask, botId, chat, dataFrom, dataOf, deltaText, names, streamEvents } from './resource-helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

type Chat = { id: string; conversation_id: string; status: string; last_error: { code: number; msg: string }; usage: Record<string, number> };
const script = (name: Parameters<typeof botId>[1], body: unknown) => postJson(app, `/__mock/bots/${botId(app, name)}/script`, body);
const streamed = async (name: Parameters<typeof botId>[1], question = 'q') => streamEvents(await chat(app, { bot_id: botId(app, name), stream: true, additional_messages: ask(question) }));

describe('GET /v1/bots/{bot_id} and GET /v1/bot/get_online_info', () => {
  it('answer a fixture bot’s configuration; the tool bot lists its lookup function', async () => {
    const echo = await dataFrom<Record<string, unknown>>(await api(app, 'GET', `/v1/bots/${botId(app, 'Echo bot')}`));
    expect(echo).toMatchObject({ bot_id: botId(app, 'Echo bot'), name: 'Echo bot', bot_mode: 0, plugin_info_list: [], prompt_info: { prompt: expect.any(String) }, onboarding_info: { prologue: expect.any(String) } });
    const tool = await dataFrom<{ plugin_info_list: { api_info_list: { name: string }[] }[] }>(await api(app, 'GET', `/v1/bot/get_online_info?bot_id=${botId(app, 'Tool bot')}`));
    expect(tool.plugin_info_list[0]?.api_info_list[0]?.name).toBe('lookup');
  });

  it('show the draft bot only as a draft: 4015 when asked for the published bot', async () => {
    expect(await dataFrom(await api(app, 'GET', `/v1/bots/${botId(app, 'Draft bot')}`))).toMatchObject({ name: 'Draft bot' });
    await expectApiError(await api(app, 'GET', `/v1/bots/${botId(app, 'Draft bot')}?is_published=true`), 400, 4015);
    await expectApiError(await api(app, 'GET', `/v1/bot/get_online_info?bot_id=${botId(app, 'Draft bot')}`), 400, 4015);
  });

  it('answer Coze’s errors: no token 4100, no listBot 4101, unknown bot 4200, bad query 4000, a channel token’s other bots 4101', async () => {
    const path = `/v1/bots/${botId(app, 'Echo bot')}`;
    await expectApiError(await api(app, 'GET', path, undefined, null), 401, 4100);
    app = newMock({ config: { pats: [{ token: 'pat_chat_only_x', permissions: ['chat'] }] } });
    expect((await expectApiError(await api(app, 'GET', `/v1/bots/${botId(app, 'Echo bot')}`, undefined, 'pat_chat_only_x'), 403, 4101)).msg).toContain('listBot');
    await expectApiError(await api(app, 'GET', '/v1/bots/7000000000000000000'), 404, 4200);
    await expectApiError(await api(app, 'GET', '/v1/bot/get_online_info'), 400, 4000);
    await expectApiError(await api(app, 'GET', `/v1/bots/${botId(app, 'Echo bot')}?is_published=maybe`), 400, 4000);
    const scope = { account_permission: { permission_list: ['listBot'] }, attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [botId(app, 'Echo bot')] } } };
    const { access_token } = await jwtToken(app, { scope }, undefined, 'channel');
    await expectApiError(await api(app, 'GET', `/v1/bots/${botId(app, 'Tool bot')}`, undefined, access_token), 403, 4101);
  });
});

describe('bot scripts', () => {
  it('without a script the script bot says how to set one', async () => {
    expect(deltaText(await streamed('Script bot'))).toContain(`/__mock/bots/${botId(app, 'Script bot')}/script`);
  });

  it('set the answer, its chunks, follow-ups and usage, for `times` chats, then the bot is itself again', async () => {
    const res = await script('Echo bot', { answer: 'Scripted!', chunkSize: 3, followUps: ['And then?'], usage: { input_count: 7, output_count: 5 }, times: 2 });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ botId: botId(app, 'Echo bot'), remaining: 2, script: { answer: 'Scripted!' } });
    for (let i = 0; i < 2; i++) {
      const events = await streamed('Echo bot');
      expect(events.filter((e) => e.event === 'conversation.message.delta').map((e) => (e.data as { content: string }).content)).toEqual(['Scr', 'ipt', 'ed!']);
      const completed = events.filter((e) => e.event === 'conversation.message.completed').map((e) => (e.data as { type: string; content: string }));
      expect(completed.map((m) => [m.type, m.type === 'verbose' ? '' : m.content])).toEqual([['answer', 'Scripted!'], ['verbose', ''], ['follow_up', 'And then?']]);
      expect(dataOf<Chat>(events, 'conversation.chat.completed').usage).toEqual({ input_count: 7, output_count: 5, token_count: 12 });
    }
    expect(deltaText(await streamed('Echo bot', 'echo again'))).toBe('echo again');
  });

  it('queue up, oldest first, and can be listed and dropped', async () => {
    await script('Script bot', { answer: 'first' });
    await script('Script bot', { answer: 'second' });
    const listed = (await (await app.request(`/__mock/bots/${botId(app, 'Script bot')}/script`)).json()) as { scripts: { script: { answer: string } }[] };
    expect(listed.scripts.map((s) => s.script.answer)).toEqual(['first', 'second']);
    expect(deltaText(await streamed('Script bot'))).toBe('first');
    await app.request(`/__mock/bots/${botId(app, 'Script bot')}/script`, { method: 'DELETE' });
    expect(deltaText(await streamed('Script bot'))).toContain('No script');
  });

  it('fail a chat with conversation.chat.failed and last_error, after the partial answer, then done', async () => {
    await script('Echo bot', { answer: 'Half an ans', failed: { code: 5000, msg: 'model overloaded' } });
    const events = await streamed('Echo bot');
    expect(names(events).slice(-2)).toEqual(['conversation.chat.failed', 'done']);
    expect(deltaText(events)).toBe('Half an ans');
    const failed = dataOf<Chat>(events, 'conversation.chat.failed');
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 5000, msg: 'model overloaded' }, failed_at: expect.any(Number) });
    expect(await dataFrom(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${failed.conversation_id}&chat_id=${failed.id}`))).toEqual(failed);
  });

  it('fail a chat with an error event instead, when asked', async () => {
    await script('Echo bot', { failed: { code: 4011, msg: 'no balance', event: 'error' } });
    const events = await streamed('Echo bot', 'x');
    expect(events.at(-1)).toEqual({ event: 'error', data: { code: 4011, msg: 'no balance' } });
    expect(names(events)).not.toContain('done');
  });

  it('make a stream: false chat fail too', async () => {
    await script('Echo bot', { failed: { code: 5000, msg: 'boom' } });
    const started = await dataFrom<Chat>(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false, additional_messages: ask('x') }));
    expect(await dataFrom(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${started.conversation_id}&chat_id=${started.id}`))).toMatchObject({ status: 'failed', last_error: { code: 5000, msg: 'boom' } });
  });

  it('drop the connection after K events; the chat still ends as it would have', async () => {
    await script('Echo bot', { answer: 'abcdefgh', chunkSize: 2, dropAfterEvents: 3 });
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') });
    await expect(res.text()).rejects.toThrow(/dropped/);
    const [conversation] = [...app.mock.store.resources.conversations.conversations.values()];
    const listed = (await (await api(app, 'POST', `/v1/conversation/message/list?conversation_id=${conversation?.id}`, {})).json()) as { data: { content: string }[] };
    expect(listed.data.map((m) => m.content)).toEqual(['abcdefgh', 'x']);
  });

  it('hang after the first events: the chat stays in progress until cancelled', async () => {
    await script('Echo bot', { hang: true });
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while ((text.match(/\n\n/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    const chatData = JSON.parse(/data:(.*)\n\n$/.exec(text)?.[1] as string) as Chat;
    await reader.cancel();
    const ids = `conversation_id=${chatData.conversation_id}&chat_id=${chatData.id}`;
    expect((await dataFrom<Chat>(await api(app, 'GET', `/v3/chat/retrieve?${ids}`))).status).toBe('in_progress');
    await expectApiError(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('y') }, chatData.conversation_id), 409, 4016);
    expect(await dataFrom(await api(app, 'POST', '/v3/chat/cancel', { conversation_id: chatData.conversation_id, chat_id: chatData.id }))).toMatchObject({ status: 'canceled' });
  });

  it('ask for the tool calls they name, and answer the outputs (or their own answer) afterwards', async () => {
    await script('Script bot', { toolCalls: [{ name: 'get_time', arguments: { zone: 'UTC' } }, { name: 'get_date' }] });
    const events = await streamed('Script bot');
    const calls = dataOf<{ required_action: { submit_tool_outputs: { tool_calls: { id: string; function: { name: string; arguments: string } }[] } } }>(events, 'conversation.chat.requires_action').required_action.submit_tool_outputs.tool_calls;
    expect(calls.map((c) => [c.function.name, c.function.arguments])).toEqual([['get_time', '{"zone":"UTC"}'], ['get_date', '{}']]);
    const waiting = dataOf<Chat>(events, 'conversation.chat.requires_action');
    const after = await streamEvents(await api(app, 'POST', `/v3/chat/submit_tool_outputs?conversation_id=${waiting.conversation_id}&chat_id=${waiting.id}`, { stream: true, tool_outputs: calls.map((c, i) => ({ tool_call_id: c.id, output: `out${i}` })) }));
    expect(deltaText(after)).toBe('out0\nout1');
  });

  it('are refused when malformed or for an unknown bot, in the control API’s shape', async () => {
    await expectOAuthError(await script('Echo bot', { answer: 42 }), 400, 'invalid_request', /answer/);
    await expectOAuthError(await script('Echo bot', { hang: 'yes' }), 400, 'invalid_request', /hang/);
    await expectOAuthError(await script('Echo bot', { failed: { code: 0, msg: 'x' } }), 400, 'invalid_request', /failed.code/);
    await expectOAuthError(await script('Echo bot', { delayMs: 60_000 }), 400, 'invalid_request', /delayMs/);
    await expectOAuthError(await script('Echo bot', { nonsense: true }), 400, 'invalid_request');
    await expectOAuthError(await postJson(app, '/__mock/bots/7000000000000000000/script', { answer: 'x' }), 404, 'invalid_request', /bot/);
  });

  it('belong to one mock: a sandbox has its own, and reset forgets them', async () => {
    const sandbox = (await (await postJson(app, '/__mock/sandboxes', {})).json()) as { id: string };
    const base = `/__sandbox/${sandbox.id}`;
    await postJson(app, `${base}/__mock/bots/${botId(app, 'Echo bot')}/script`, { answer: 'in the sandbox' });
    expect(deltaText(await streamed('Echo bot', 'outside'))).toBe('outside');
    const inside = await streamEvents(await api(app, 'POST', `${base}/v3/chat`, { bot_id: botId(app, 'Echo bot'), user_id: 'u', stream: true, additional_messages: ask('x') }));
    expect(deltaText(inside)).toBe('in the sandbox');
    await script('Echo bot', { answer: 'before reset' });
    await postJson(app, '/__mock/reset', {});
    expect(deltaText(await streamed('Echo bot', 'after reset'))).toBe('after reset');
  });
});

describe('the fixtures', () => {
  it('list the bots with their ids, names, workspaces and behaviour; the PAT holds every permission the endpoints need', () => {
    const f = fixturesOf(app);
    expect(f.bots.map((b) => b.name)).toEqual(['Echo bot', 'Team echo bot', 'Tool bot', 'Script bot', 'Draft bot']);
    expect(newMock().mock.fixtures.bots.map((b) => b.id)).toEqual(f.bots.map((b) => b.id));
    expect(app.mock.fixtures.pats[0]?.permissions).toEqual(expect.arrayContaining(['chat', 'conversation', 'message', 'file', 'listBot']));
  });
});
