import type { ControlClient, PublicFixtures } from '@coze-mock/server';
import type { BotScript } from './target.js';
import { unmetFrom, type Credentials, type RefreshGrant, type Target } from './target.js';
import { ENDPOINTS } from '../endpoints.js';

/**
 * The part the `mock` and `url` targets share: a coze-mock reached over HTTP whose `/__mock` control API plays the
 * user, moves the clock and reads the journal.
 */

/** The first published fixture bot of each behaviour, when the mock has all three (a mock before chat has none). */
function predictableBots(fixtures: PublicFixtures): Credentials['bots'] {
  const first = (behaviour: string) => (fixtures.bots ?? []).find((bot) => bot.published && bot.behaviour === behaviour)?.id;
  const [echo, tool, script] = [first('echo'), first('tool'), first('script')];
  return echo && tool && script ? { echo, tool, script } : undefined;
}

/** The fixture workflows by kind, when the mock has both. */
function predictableWorkflows(fixtures: PublicFixtures): Credentials['workflows'] {
  const of = (kind: string) => (fixtures.workflows ?? []).find((workflow) => workflow.kind === kind)?.id;
  const [echo, question] = [of('echo'), of('question')];
  return echo && question ? { echo, question } : undefined;
}

/**
 * The credentials of a mock, from its `/__mock/fixtures`. The second workspace is the one tokens get limited to.
 *
 * @example
 * const credentials = credentialsFromFixtures(await control.fixtures());
 */
export function credentialsFromFixtures(fixtures: PublicFixtures, aud = 'api.coze.cn'): Credentials {
  const { web, pkce, device, jwt, channel } = fixtures.apps;
  return {
    pat: fixtures.pat,
    web: { clientId: web.clientId, clientSecret: web.clientSecret, redirectUri: web.redirectUris[0] as string },
    pkce: { clientId: pkce.clientId, redirectUri: pkce.redirectUris[0] as string },
    device: { clientId: device.clientId },
    jwt: { appId: jwt.appId, keyId: jwt.keyId, privateKey: jwt.privateKey, aud },
    // A mock older than the channel app type has none.
    ...(channel ? { channel: { appId: channel.appId, keyId: channel.keyId, privateKey: channel.privateKey, aud, botIds: [...channel.botIdList] } } : {}),
    accountId: fixtures.accountId,
    enterpriseId: fixtures.enterpriseId,
    workspaceId: (fixtures.workspaces[1] ?? fixtures.workspaces[0])?.id as string,
    userId: fixtures.user.user_id,
    ...optional('bots', predictableBots(fixtures)),
    ...optional('workflows', predictableWorkflows(fixtures)),
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

/** Runs a web-code flow without the SDK (target-side plumbing) to hand a check a fresh refresh token. */
async function freshRefreshGrant(baseURL: string, credentials: Credentials, control: ControlClient): Promise<RefreshGrant> {
  const web = credentials.web as NonNullable<Credentials['web']>;
  const query = new URLSearchParams({ response_type: 'code', client_id: web.clientId, redirect_uri: web.redirectUri, state: '' });
  const consent = await control.completeConsent(`${baseURL}${ENDPOINTS.authorize}?${query}`);
  const response = await fetch(`${baseURL}${ENDPOINTS.token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${web.clientSecret}` },
    body: JSON.stringify({ grant_type: 'authorization_code', client_id: web.clientId, redirect_uri: web.redirectUri, code: consent.code }),
  });
  const body = (await response.json()) as { refresh_token?: string };
  if (!response.ok || !body.refresh_token) throw new Error(`could not obtain a refresh token: HTTP ${response.status} ${JSON.stringify(body)}`);
  return { clientId: web.clientId, clientSecret: web.clientSecret, refreshToken: body.refresh_token };
}

/**
 * A target backed by a coze-mock and its control API.
 *
 * @example
 * const target = createControlledTarget({ kind: 'url', baseURL, fixtures, control, close: async () => {} });
 */
export function createControlledTarget(input: {
  kind: 'mock' | 'url';
  baseURL: string;
  fixtures: PublicFixtures;
  control: ControlClient;
  close: () => Promise<void>;
}): Target {
  const { baseURL, control } = input;
  const credentials = credentialsFromFixtures(input.fixtures);
  const resetClock = async () => {
    await control.resetClock();
  };
  return {
    kind: input.kind,
    baseURL,
    credentials,
    unmet: unmetFrom({
      ...(credentials.channel ? {} : { channel: 'this coze-mock has no channel app (a version before channel apps)' }),
      ...(credentials.bots ? {} : { bots: 'this coze-mock has no fixture echo, tool and script bots (a version before chat)' }),
      ...(credentials.workflows ? {} : { workflows: 'this coze-mock has no fixture workflows (a version before workflows)' }),
    }),
    completeConsent: (url, decision = 'approve') => control.completeConsent(url, decision),
    decideDevice: (userCode, _uri, decision = 'approve') =>
      decision === 'approve' ? control.approveDevice(userCode) : control.denyDevice(userCode),
    obtainRefreshGrant: () => freshRefreshGrant(baseURL, credentials, control),
    advanceClock: async (seconds) => {
      await control.advanceClock(seconds);
    },
    nowSeconds: async () => (await control.clock()).nowSeconds,
    journal: async ({ path, sinceSeq }) =>
      (await control.journal({ ...(path ? { path } : {}), ...(sinceSeq === undefined ? {} : { since: sinceSeq }) })).map((entry) => ({
        seq: entry.seq,
        method: entry.method,
        path: entry.path,
        status: entry.status,
        ...(entry.userAgent ? { userAgent: entry.userAgent } : {}),
      })),
    introspect: (token) => control.introspect(token),
    scriptBot: async (botId: string, script: BotScript) => {
      await control.setBotScript(botId, script);
    },
    injectFault: async (rule) => {
      await control.addFault({ ...rule, count: 1 });
    },
    afterCheck: async () => {
      await control.clearFaults();
      await resetClock();
      // A check that failed before its chat leaves its script queued: the next one must not get it.
      if (credentials.bots) await control.clearBotScripts(credentials.bots.script);
    },
    close: input.close,
  };
}
