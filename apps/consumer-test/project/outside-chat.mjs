// An outside script, as a team on @coze/api would write one against a running coze-mock: nothing of coze-mock's own
// packages, only the SDK, fetch and the mock's documented HTTP API (`/__mock/fixtures` for the bots, workflows and
// credentials; `POST /__mock/bots/{bot_id}/script` and `POST /__mock/clock` where it scripts a failure or moves time).
// Usage: node outside-chat.mjs <the mock's base URL>. Prints one `ok - …` line per promise, throws on the first broken one.
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, ChatEventType, ChatStatus, CozeAPI, getJWTToken, RoleType, WorkflowEventType } from '@coze/api';

const baseURL = process.argv[2];
if (!baseURL) throw new Error('usage: node outside-chat.mjs <base URL of a running coze-mock>');
const fixtures = await (await fetch(`${baseURL}/__mock/fixtures`)).json();
const botOf = (behaviour) => fixtures.bots.find((bot) => bot.behaviour === behaviour && bot.published).id;
const echoWorkflow = fixtures.workflows.find((workflow) => workflow.kind === 'echo').id;
const client = new CozeAPI({ token: fixtures.pat, baseURL });

const ask = (text) => [{ role: RoleType.User, content: text, content_type: 'text' }];
const collect = async (stream) => {
  const events = [];
  for await (const event of stream) events.push(event);
  return events;
};
const answerOf = (events) =>
  events
    .filter((event) => event.event === ChatEventType.CONVERSATION_MESSAGE_DELTA)
    .map((event) => event.data.content)
    .join('');
const control = async (path, body) => {
  const reply = await fetch(`${baseURL}/__mock${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(reply.ok, `POST /__mock${path} answered ${reply.status}`);
};
const ok = (promise) => console.log(`ok - ${promise}`);

// The echo bot: streamed, then polled.
const question = 'Is the answer the echo of this question? ✓';
const streamed = await collect(await client.chat.stream({ bot_id: botOf('echo'), additional_messages: ask(question) }));
assert.equal(answerOf(streamed), question);
assert.equal(streamed.at(-1).event, ChatEventType.DONE);
const polled = await client.chat.createAndPoll({ bot_id: botOf('echo'), additional_messages: ask(question) });
assert.equal(polled.chat.status, ChatStatus.COMPLETED);
assert.equal(polled.messages.find((message) => message.type === 'answer').content, question);
ok('the streamed answer is the echo of the question; createAndPoll returns the same text, completed');

// The tool bot waits for its function's output, then answers it.
const waiting = await collect(await client.chat.stream({ bot_id: botOf('tool'), additional_messages: ask('Weather in Paris?') }));
const chat = waiting.find((event) => event.event === ChatEventType.CONVERSATION_CHAT_REQUIRES_ACTION).data;
const [call] = chat.required_action.submit_tool_outputs.tool_calls;
const answered = await collect(
  client.chat.submitToolOutputs({ conversation_id: chat.conversation_id, chat_id: chat.id, stream: true, tool_outputs: [{ tool_call_id: call.id, output: 'Sunny, 22 °C' }] }),
);
assert.equal(answerOf(answered), 'Sunny, 22 °C');
assert.equal(answered.find((event) => event.event === ChatEventType.CONVERSATION_CHAT_COMPLETED).data.status, ChatStatus.COMPLETED);
ok('the tool bot completes through submitToolOutputs');

// A conversation keeps both turns of a chat.
const conversation = await client.conversations.create({ bot_id: botOf('echo') });
await collect(await client.chat.stream({ bot_id: botOf('echo'), conversation_id: conversation.id, additional_messages: ask('First turn') }));
const listed = await client.conversations.messages.list(conversation.id, { order: 'asc' });
assert.deepEqual(listed.data.map((message) => [message.role, message.content]), [['user', 'First turn'], ['assistant', 'First turn']]);
ok("a conversation's message list holds both turns");

// An uploaded file can be found again by its id.
const dir = mkdtempSync(join(tmpdir(), 'outside-chat-'));
try {
  writeFileSync(join(dir, 'notes.txt'), 'notes for the bot');
  const uploaded = await client.files.upload({ file: createReadStream(join(dir, 'notes.txt')) });
  assert.deepEqual(await client.files.retrieve(uploaded.id), uploaded);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
ok("an uploaded file's id is retrievable");

// The echo workflow, run and streamed.
const run = await client.workflows.runs.create({ workflow_id: echoWorkflow, parameters: { city: 'Paris', days: 3 } });
assert.deepEqual(JSON.parse(run.data), { city: 'Paris', days: 3 });
const events = await collect(await client.workflows.runs.stream({ workflow_id: echoWorkflow, parameters: { city: 'Paris' } }));
assert.deepEqual(JSON.parse(events[0].data.content), { city: 'Paris' });
assert.equal(events.at(-1).event, WorkflowEventType.DONE);
ok('a workflow run returns its echoed parameters, and a streamed one ends with Done');

// A scripted failure reaches the SDK as its failed event.
await control(`/bots/${botOf('script')}/script`, { failed: { code: 5000, msg: 'Scripted failure' } });
const failedRun = await collect(await client.chat.stream({ bot_id: botOf('script'), additional_messages: ask('Will this work?') }));
const failed = failedRun.find((event) => event.event === ChatEventType.CONVERSATION_CHAT_FAILED);
assert.ok(failed, `no failed event among ${failedRun.map((event) => event.event).join(', ')}`);
assert.deepEqual(failed.data.last_error, { code: 5000, msg: 'Scripted failure' });
ok("a script's failure surfaces as the SDK's failed event");

// A token past its lifetime: the streaming call is answered 401 code 4100 as JSON, not as events.
const jwt = fixtures.apps.jwt;
const token = await getJWTToken({ baseURL, appId: jwt.appId, keyid: jwt.keyId, aud: 'api.coze.cn', privateKey: jwt.privateKey, durationSeconds: 60 });
await control('/clock', { advanceSeconds: 61 });
const expired = await fetch(`${baseURL}/v3/chat`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ bot_id: botOf('echo'), user_id: 'outside', stream: true, additional_messages: ask('Still there?') }),
});
assert.equal(expired.status, 401);
assert.match(expired.headers.get('content-type'), /^application\/json/);
assert.equal((await expired.json()).code, 4100);
await assert.rejects(collect(await new CozeAPI({ token: token.access_token, baseURL }).chat.stream({ bot_id: botOf('echo'), additional_messages: ask('Still there?') })), AuthenticationError);
ok('an expired token gets 4100 as JSON on the streaming call');
