/**
 * What the record-and-replay tests drive: one app session of the unmodified @coze/api over real HTTP (every OAuth
 * flow, resource calls, a workflow run and stream, a chat stream), run once through the recording proxy against an
 * upstream mock and once against the replaying mock, and the upstream's scripted answers for what the mock does not
 * implement itself.
 */
import {
  CozeAPI,
  getDeviceCode,
  getDeviceToken,
  getJWTToken,
  getPKCEAuthenticationUrl,
  getPKCEOAuthToken,
  getWebAuthenticationUrl,
  getWebOAuthToken,
  refreshOAuthToken,
  RoleType,
} from '@coze/api';
import { SignJWT } from 'jose';
import { createControlClient, type ControlClient } from '../src/control/client.js';
import type { PublicFixtures } from '../src/fixtures/types.js';
import { privateKeyOf } from './helpers.js';

/** The bot and the workflow the app talks to (its own configuration: the same on both runs). */
export const BOT_ID = '7420000000000000001';
export const CHAT_EVENTS = [
  { event: 'conversation.chat.created', data: { id: 'chat_1', conversation_id: 'conv_1', status: 'created' }, delayMs: 20 },
  { event: 'conversation.message.delta', data: { id: 'msg_1', role: 'assistant', type: 'answer', content: 'Hel' }, delayMs: 40 },
  { event: 'conversation.message.delta', data: { id: 'msg_1', role: 'assistant', type: 'answer', content: 'lo' }, delayMs: 40 },
  { event: 'conversation.chat.completed', data: { id: 'chat_1', conversation_id: 'conv_1', status: 'completed' }, delayMs: 20 },
  { event: 'done', data: '"[DONE]"' },
];

/**
 * Scripts the upstream with what real Coze would answer and the mock does not implement (conversations, chat), each
 * behind its token check like Coze.
 */
export async function scriptUpstream(control: ControlClient): Promise<void> {
  const conversation = { id: 'conv_1', created_at: 1767225600, meta_data: {}, last_section_id: 'sec_1' };
  await control.addReply({ match: { method: 'POST', path: '/v1/conversation/create' }, reply: { status: 200, body: { code: 0, msg: '', data: conversation } }, times: null, requireToken: true });
  await control.addReply({
    match: { method: 'GET', path: '/v1/conversation/retrieve', query: { conversation_id: 'conv_1' } },
    reply: { status: 200, body: { code: 0, msg: '', data: conversation } },
    times: null,
    requireToken: true,
  });
  await control.addReply({ match: { method: 'POST', path: '/v3/chat' }, stream: { events: CHAT_EVENTS }, times: null, requireToken: true });
}

/** What the app saw, to compare between the runs, and every credential it held, to look for in the cassette. */
export interface SessionOutcome {
  answers: Record<string, unknown>;
  credentials: Record<string, string>;
}

/**
 * One session of the app against `baseURL` with the credentials it was given (`fixtures`); `approve` plays the person
 * at the device page; `workflowId` is the app's configured workflow.
 */
export async function runSession(baseURL: string, fixtures: PublicFixtures, approve: (userCode: string) => Promise<void>, workflowId: string): Promise<SessionOutcome> {
  const credentials: Record<string, string> = { pat: fixtures.pat, clientSecret: fixtures.apps.web.clientSecret };
  const answers: Record<string, unknown> = {};
  answers.me = await new CozeAPI({ token: fixtures.pat, baseURL }).users.me();

  const { jwt } = fixtures.apps;
  const service = await getJWTToken({ baseURL, appId: jwt.appId, keyid: jwt.keyId, aud: 'api.coze.cn', privateKey: jwt.privateKey });
  credentials.serviceToken = service.access_token;
  answers.workspaces = await new CozeAPI({ token: service.access_token, baseURL }).workspaces.list();

  const { web, pkce, device } = fixtures.apps;
  const consent = createControlClient(baseURL);
  const webUrl = getWebAuthenticationUrl({ baseURL, clientId: web.clientId, redirectUrl: web.redirectUris[0] as string, state: 'st-1' });
  const webCode = (await consent.completeConsent(webUrl)).code as string;
  const webToken = await getWebOAuthToken({ baseURL, clientId: web.clientId, clientSecret: web.clientSecret, redirectUrl: web.redirectUris[0] as string, code: webCode });
  const rotated = await refreshOAuthToken({ baseURL, clientId: web.clientId, clientSecret: web.clientSecret, refreshToken: webToken.refresh_token });
  Object.assign(credentials, { webCode, webAccess: webToken.access_token, webRefresh: webToken.refresh_token, rotatedAccess: rotated.access_token, rotatedRefresh: rotated.refresh_token });

  const pkceStart = await getPKCEAuthenticationUrl({ baseURL, clientId: pkce.clientId, redirectUrl: pkce.redirectUris[0] as string });
  const pkceCode = (await consent.completeConsent(pkceStart.url)).code as string;
  const pkceToken = await getPKCEOAuthToken({ baseURL, clientId: pkce.clientId, redirectUrl: pkce.redirectUris[0] as string, code: pkceCode, codeVerifier: pkceStart.codeVerifier });
  Object.assign(credentials, { codeVerifier: pkceStart.codeVerifier, pkceCode, pkceAccess: pkceToken.access_token, pkceRefresh: pkceToken.refresh_token });

  const deviceStart = await getDeviceCode({ baseURL, clientId: device.clientId });
  await approve(deviceStart.user_code);
  const deviceToken = await getDeviceToken({ baseURL, clientId: device.clientId, deviceCode: deviceStart.device_code });
  Object.assign(credentials, { deviceCode: deviceStart.device_code, userCode: deviceStart.user_code, deviceAccess: deviceToken.access_token, deviceRefresh: deviceToken.refresh_token });

  // A JWT assertion the app signs itself and sends as it is (the SDK's own stays inside getJWTToken).
  const assertion = await new SignJWT({ iss: jwt.appId, aud: 'api.coze.cn', jti: `jti-${webCode.slice(-12)}` })
    .setProtectedHeader({ alg: 'RS256', kid: jwt.keyId, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(await privateKeyOf(jwt.privateKey));
  credentials.assertion = assertion;
  const exchanged = await fetch(`${baseURL}/api/permission/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${assertion}`, 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', duration_seconds: 900 }),
  });
  credentials.assertionToken = ((await exchanged.json()) as { access_token: string }).access_token;

  const user = new CozeAPI({ token: deviceToken.access_token, baseURL });
  answers.conversation = await user.conversations.create({ bot_id: BOT_ID });
  answers.retrieved = await user.conversations.retrieve('conv_1');
  answers.run = await user.workflows.runs.create({ workflow_id: workflowId, parameters: { input: 'hello' } });
  answers.workflowStream = await collect(user.workflows.runs.stream({ workflow_id: workflowId, parameters: { input: 'hello' } }));
  answers.chat = await collect(user.chat.stream({ bot_id: BOT_ID, user_id: 'user-1', additional_messages: [{ role: RoleType.User, content: 'Hi', content_type: 'text' }] }));
  return { answers, credentials };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of stream) seen.push(item);
  return seen;
}
