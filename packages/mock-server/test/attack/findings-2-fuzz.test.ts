/**
 * Issue 17's fuzz targets: one for every JSON body reader of the mock (the OAuth endpoints, every control verb with a
 * body, the OpenAPI resources, scripted replies matching on the body, a JWT's payload), fed hostile JSON: nesting past
 * the limit and far past it, huge and odd numbers, duplicate keys, `__proto__` and `constructor`, lone surrogates,
 * cut-off text. Each reply must be a Coze-shaped 4xx or a success, never a 5xx, and the journal must answer 200 with
 * JSON after every request. A small seeded count in `pnpm test`; `COZE_FUZZ_RUNS` (set by `pnpm fuzz`) runs more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import { CONTROL_VERBS } from '../../src/control/verbs.js';
import { ENDPOINTS } from '../../src/endpoints.js';
import { fixturesOf, GRANT, newMock } from '../helpers.js';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout } from './fuzz-budget.js';
import { replyProblem } from './support.js';

/** Field names the readers look at (a generated body mostly uses these, so it gets past the first check). */
const NAMES = [
  'grant_type', 'client_id', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'device_code', 'duration_seconds', 'scope',
  'account_id', 'session_name', 'iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'advanceSeconds', 'set', 'reset', 'user_code', 'enable',
  'token', 'match', 'reply', 'action', 'stream', 'times', 'delayMs', 'requireToken', 'pathPrefix', 'method', 'status', 'count', 'type',
  'name', 'permissions', 'user_id', 'user_name', 'expiresInSeconds', 'userId', 'workspaceIds', 'workflow_id', 'parameters', 'bot_id',
  'ext', 'is_async', 'event_id', 'interrupt_type', 'resume_data', 'additional_messages', 'conversation_id', 'chat_id', 'tool_outputs',
  'content', 'content_type', 'role', 'meta_data', 'before_id', 'after_id', 'limit', 'message_id', 'cassette', 'answer', 'events', 'body',
  'headers', 'path', 'data',
];
const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];

/** Leaves: odd numbers, odd strings, ordinary JSON. As JSON text, so nothing is normalised on the way. */
const leaf = fc.oneof(
  fc.constantFrom(
    '1e400', '-1e400', '1e-400', '-0', '123456789012345678901234567890', '9007199254740993', '1.7976931348623157e308', '0.1', '-1',
    'true', 'false', 'null', '""', '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"__proto__"', '"pat_x"', '"czu_x"', '"/"', '"\\r\\n"',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 30 }).map((text) => JSON.stringify(text)),
);
/** Arrays or objects nested around the limit (64), far past it, and past the body limit. */
const nested = fc.tuple(fc.constantFrom(2, 63, 64, 65, 300, 5_000, 40_000), fc.boolean(), leaf).map(([depth, arrays, inner]) =>
  arrays ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`,
);

/** The raw text of an object, so duplicate keys and `__proto__` members go out as written. */
function objectText(value: fc.Arbitrary<string>, extraValues: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NAMES) });
  const member = fc.tuple(name, fc.oneof({ weight: 3, arbitrary: value }, { weight: 2, arbitrary: extraValues })).map(([key, text]) => `${JSON.stringify(key)}:${text}`);
  return fc.array(member, { maxLength: 8 }).map((members) => `{${members.join(',')}}`);
}

/** A hostile JSON body: mostly an object of known names, sometimes nested, a bare value, or cut short. */
function hostileBody(good: string[]): fc.Arbitrary<string> {
  const goodValues = fc.constantFrom(...good.map((value) => JSON.stringify(value)));
  const value = fc.oneof({ weight: 5, arbitrary: leaf }, { weight: 1, arbitrary: nested }, { weight: 1, arbitrary: fc.constantFrom('{}', '[]', '{"path":"/v1/x"}', '{"status":200}') });
  const object = objectText(value, goodValues);
  return fc.oneof(
    { weight: 8, arbitrary: object },
    { weight: 2, arbitrary: nested },
    { weight: 1, arbitrary: leaf },
    { weight: 1, arbitrary: object.map((text) => text.slice(0, Math.ceil(text.length / 2))) },
  );
}

interface Target {
  name: string;
  method: string;
  path: string;
  headers?: (app: MockApp, body: string) => Record<string, string>;
  /** Runs after each reset, before the request (a rule for the reply-matching reader). */
  setup?: (app: MockApp) => Promise<void>;
}

const pat = (app: MockApp) => ({ authorization: `Bearer ${fixturesOf(app).pat}` });

/** Every control verb with a body, from the verb table (`:id` segments get an id the mock knows, or not). */
const controlTargets: Target[] = Object.entries(CONTROL_VERBS)
  .filter(([, spec]) => 'body' in spec)
  .map(([name, spec]) => ({ name: `control ${name}`, method: spec.method, path: `${ENDPOINTS.control}${spec.path.replace(/:[a-z_]+/g, 'x')}` }));

const TARGETS: Target[] = [
  { name: 'token', method: 'POST', path: ENDPOINTS.token },
  { name: 'device code', method: 'POST', path: ENDPOINTS.deviceCode },
  // The JWT grant's payload, read for matching and by the grant: the body is the payload here.
  {
    name: 'a JWT’s payload',
    method: 'POST',
    path: ENDPOINTS.token,
    headers: (_app, body) => ({ authorization: `Bearer eyJhbGciOiJSUzI1NiJ9.${Buffer.from(body).toString('base64url')}.c2ln` }),
    setup: async (app) => void (await app.request('/__mock/replies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"match":{"clientId":"1"},"action":"drop","times":null}' })),
  },
  ...controlTargets,
  ...['chat', 'chatRetrieve', 'chatSubmitToolOutputs', 'workflowChat', 'conversationCreate', 'messageCreate', 'messageList', 'messageModify', 'workflowRun', 'workflowStreamRun', 'workflowStreamResume'].map(
    (name): Target => ({ name: `OpenAPI ${name}`, method: 'POST', path: `${ENDPOINTS[name as keyof typeof ENDPOINTS]}?conversation_id=1&chat_id=1`, headers: pat }),
  ),
  {
    name: 'scripted replies matching on the body',
    method: 'POST',
    path: '/v1/anything',
    headers: pat,
    setup: async (app) => void (await app.request('/__mock/replies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"match":{"body":{"bot_id":"7"}},"reply":{"status":200,"body":{}},"times":null}' })),
  },
];

/** What a fuzzed reply may be: a success (its body read to the end) or a Coze-shaped error; never a 5xx. */
async function replyTrouble(path: string, res: Response): Promise<string | undefined> {
  if (res.status < 400 && res.status >= 200) {
    await res.arrayBuffer();
    return undefined;
  }
  return replyProblem(path, res);
}

describe('fuzz targets: every JSON body reader', () => {
  const runs = fuzzRuns(25);
  it.each(TARGETS.map((target) => [target.name, target] as const))(
    '%s: hostile JSON gets a Coze-shaped reply, never a 5xx, and the journal stays readable',
    async (_name, target) => {
      const app = newMock();
      const f = fixturesOf(app);
      const good = [f.apps.web.clientId, f.apps.device.clientId, f.apps.jwt.appId, GRANT.code, GRANT.refresh, GRANT.device, GRANT.jwt, 'S256', '/v1/users/me', 'drop', ...f.workflows.map((w) => w.id)];
      await fc.assert(
        fc.asyncProperty(hostileBody(good), async (body) => {
          await app.request('/__mock/reset', { method: 'POST' });
          await target.setup?.(app);
          const res = await app.request(target.path, { method: target.method, headers: { 'content-type': 'application/json', ...target.headers?.(app, body) }, body });
          const trouble = await replyTrouble(target.path, res);
          expect(trouble, `${target.method} ${target.path} ${body.slice(0, 200)}`).toBeUndefined();
          const journal = await app.request('/__mock/journal');
          const text = await journal.text();
          expect(journal.status, text.slice(0, 300)).toBe(200);
          expect(() => JSON.parse(text)).not.toThrow();
        }),
        { seed: FUZZ_SEED, numRuns: runs },
      );
      app.close();
    },
    fuzzTimeout(runs, 40),
  );
});
