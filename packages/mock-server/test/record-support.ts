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
import { createControlClient } from '../src/control/client.js';
import type { PublicFixtures } from '../src/fixtures/types.js';
import { privateKeyOf } from './helpers.js';

/** What the app is configured with (its own settings: the same on both runs): the upstream's echo bot and workflow. */
export interface AppSettings {
  botId: string;
  workflowId: string;
}

/** The settings an app recording against `fixtures` would have. */
export const appSettingsOf = (fixtures: PublicFixtures): AppSettings => ({
  botId: (fixtures.bots.find((bot) => bot.behaviour === 'echo') as { id: string }).id,
  workflowId: (fixtures.workflows[0] as { id: string }).id,
});

/** What the app saw, to compare between the runs, and every credential it held, to look for in the cassette. */
export interface SessionOutcome {
  answers: Record<string, unknown>;
  credentials: Record<string, string>;
}

/**
 * One session of the app against `baseURL` with the credentials it was given (`fixtures`); `approve` plays the person
 * at the device page.
 */
export async function runSession(baseURL: string, fixtures: PublicFixtures, approve: (userCode: string) => Promise<void>, app: AppSettings): Promise<SessionOutcome> {
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
  const conversation = await user.conversations.create({ bot_id: app.botId });
  answers.conversation = conversation;
  answers.retrieved = await user.conversations.retrieve(conversation.id);
  answers.run = await user.workflows.runs.create({ workflow_id: app.workflowId, parameters: { input: 'hello' } });
  answers.workflowStream = await collect(user.workflows.runs.stream({ workflow_id: app.workflowId, parameters: { input: 'hello' } }));
  answers.chat = await chatOnce(user, app.botId);
  return { answers, credentials };
}

/** One streamed chat with the bot, as the SDK yields it. */
export const chatOnce = (client: CozeAPI, botId: string) =>
  collect(client.chat.stream({ bot_id: botId, user_id: 'user-1', additional_messages: [{ role: RoleType.User, content: 'Hi there', content_type: 'text' }] }));

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of stream) seen.push(item);
  return seen;
}
