/**
 * Record and replay with the unmodified @coze/api over real HTTP: one app session (PAT, JWT, web code with refresh,
 * PKCE, device code, a signed JWT assertion, conversations, a workflow run and stream, a chat stream) goes through
 * `coze-mock record` to an upstream mock; the cassette holds none of the session's credentials; then, with the
 * upstream and the recorder stopped, a mock of another seed replays the cassette and the same calls get the same
 * answers, the app's auth answered by that mock itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCassette, type Cassette } from '../src/cassettes/index.js';
import { createControlClient } from '../src/control/client.js';
import { startRecorder } from '../src/record/recorder.js';
import { startMockServer } from '../src/server.js';
import { SEED } from './helpers.js';
import { CozeAPI } from '@coze/api';
import { appSettingsOf, chatOnce, runSession, type AppSettings, type SessionOutcome } from './record-support.js';

const dir = mkdtempSync(join(tmpdir(), 'coze-record-'));
const out = join(dir, 'session.cassette.json');
let recorded: SessionOutcome;
let text: string;
let cassette: Cassette;
let app: AppSettings;
const printed: string[] = [];

beforeAll(async () => {
  // Streamed chat events 30 ms apart, so the recording has a pace to keep.
  const upstream = await startMockServer({ seed: SEED, chat: { eventDelayMs: 30 } });
  const recorder = await startRecorder({ upstream: upstream.url, out, ignore: ['jti'], onExchange: (e, i) => printed.push(`${i} ${e.request.method} ${e.request.path}`) });
  try {
    const control = createControlClient(upstream.url);
    app = appSettingsOf(upstream.fixtures);
    recorded = await runSession(recorder.url, upstream.fixtures, (userCode) => control.approveDevice(userCode), app);
  } finally {
    await recorder.close();
    await upstream.close();
  }
  text = readFileSync(out, 'utf8');
  cassette = parseCassette(JSON.parse(text), out);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recording through the proxy', () => {
  it('keeps every exchange of the session, in order, as it was recorded', () => {
    const paths = cassette.exchanges.map((e) => `${e.request.method} ${e.request.path}`);
    expect(paths).toEqual(printed.map((line) => line.replace(/^\d+ /, '')));
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /v1/users/me',
        'GET /api/permission/oauth2/authorize',
        'POST /oauth/consent',
        'POST /api/permission/oauth2/device/code',
        'POST /v1/workflow/stream_run',
        'POST /v3/chat',
      ]),
    );
    expect(cassette.upstream).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('has none of the session\'s credentials in the file: every one became a placeholder', () => {
    expect(Object.keys(recorded.credentials).length).toBeGreaterThanOrEqual(18);
    const found = Object.entries(recorded.credentials).filter(([, value]) => text.includes(value));
    expect(found.map(([name]) => name)).toEqual([]);
    // The consent page's form cookie and anti-forgery fields never reach the file either.
    expect(text).not.toMatch(/coze_mock_form=(?!\[redacted:cookie:\d+\])/);
    expect(text).not.toMatch(/"(csrf_token|authorize_key)": "(?!\[redacted)/);
    expect(text).toMatch(/"authorization": "Bearer \[redacted:pat:1\]"/);
  });

  it('writes stable JSON: keys sorted, two-space indents, one exchange per entry', () => {
    expect(text).toBe(`${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`);
    expect(text.split('\n')[1]).toBe('  "exchanges": [');
  });

  it('records streams event by event with their timing, the workflow\'s ids included', () => {
    const chat = cassette.exchanges.find((e) => e.request.path === '/v3/chat');
    const events = chat?.response.stream?.events ?? [];
    expect(events.map((e) => e.event)).toEqual((recorded.answers.chat as { event: string }[]).map((e) => e.event));
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['conversation.chat.created', 'conversation.message.delta', 'conversation.chat.completed', 'done']));
    // The upstream's pace (30 ms between events): its timers never fire early, so however a loaded machine bunches
    // two arrivals together, the gaps after the first add up to at least the pace of all but one of them.
    const gaps = events.slice(1).map((e) => e.delayMs);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    expect(gaps.reduce((sum, gap) => sum + gap, 0)).toBeGreaterThanOrEqual(30 * (gaps.length - 1));
    const workflow = cassette.exchanges.find((e) => e.request.path === '/v1/workflow/stream_run');
    expect(workflow?.response.stream?.events.map((e) => e.id)).toEqual(workflow?.response.stream?.events.map((_, i) => String(i)));
    expect(workflow?.response.headers['content-type']).toMatch(/^text\/event-stream/);
  });
});

describe('replaying the cassette with the upstream stopped', () => {
  it('gives the same SDK calls the same answers, the auth answered by the replaying mock', async () => {
    const mock = await startMockServer({ seed: 'replay-seed', replay: { cassette: out, speed: 0 } });
    try {
      expect(mock.fixtures.pat).not.toBe(recorded.credentials.pat);
      const control = createControlClient(mock.url);
      const replayed = await runSession(mock.url, mock.fixtures, (userCode) => control.approveDevice(userCode), app);
      expect(replayed.answers).toEqual(recorded.answers);
      // The tokens the app used are the replaying mock's own: its journal saw every flow.
      const grants = (await control.journal({ path: '/api/permission/oauth2/token' })).map((e) => e.grantType);
      expect(grants).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer']));
    } finally {
      await mock.close();
    }
  }, 30_000);

  it('refuses a recorded call without one of its tokens, as Coze would', async () => {
    const mock = await startMockServer({ seed: 'replay-seed', replay: { cassette: out } });
    try {
      const res = await fetch(`${mock.url}/v1/users/me`, { headers: { authorization: 'Bearer pat_not-a-token' } });
      expect([res.status, ((await res.json()) as { code: number }).code]).toEqual([401, 4100]);
    } finally {
      await mock.close();
    }
  });

  it('plays a recorded chat with a bot the mock has as that bot\'s script: the recorded answer, the mock\'s own chat', async () => {
    const mock = await startMockServer({ seed: SEED, replay: { cassette: out, speed: 0 } });
    try {
      const [script] = await createControlClient(mock.url).botScripts(app.botId);
      const answerOf = (events: unknown) =>
        (events as { event: string; data: { type?: string; content?: string } }[])
          .filter((e) => e.event === 'conversation.message.delta' && e.data.type === 'answer')
          .map((e) => e.data.content)
          .join('');
      expect(script?.script).toMatchObject({ answer: answerOf(recorded.answers.chat), delayMs: 0 });
      const chat = await chatOnce(new CozeAPI({ token: mock.fixtures.pat, baseURL: mock.url }), app.botId);
      expect(answerOf(chat)).toBe(answerOf(recorded.answers.chat));
      const chatId = (events: unknown) => (events as { event: string; data: { id: string } }[]).find((e) => e.event === 'conversation.chat.created')?.data.id;
      expect(chatId(chat)).not.toBe(chatId(recorded.answers.chat));
    } finally {
      await mock.close();
    }
  });

  it('scales stream timing by the speed it is loaded with', async () => {
    const mock = await startMockServer({ seed: 'replay-seed' });
    try {
      const control = createControlClient(mock.url);
      const chatDelays = async (speed: number) => {
        await control.verbs.clearCassettes();
        await control.verbs.loadCassette({ cassette: JSON.parse(text) as never, speed });
        const rule = (await control.replies()).find((r) => r.match.path === '/v3/chat');
        return rule?.stream?.events.map((e) => e.delayMs ?? 0) ?? [];
      };
      const recordedDelays = (cassette.exchanges.find((e) => e.request.path === '/v3/chat')?.response.stream?.events ?? []).map((e) => e.delayMs);
      expect(await chatDelays(1)).toEqual(recordedDelays);
      expect(await chatDelays(2)).toEqual(recordedDelays.map((ms) => Math.round(ms / 2)));
      expect(await chatDelays(0)).toEqual(recordedDelays.map(() => 0));
    } finally {
      await mock.close();
    }
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
