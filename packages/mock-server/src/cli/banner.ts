import { ENDPOINTS } from '../endpoints.js';
import { sdkSnippets } from '../fixtures/snippets.js';
import type { PublicFixtures } from '../fixtures/types.js';

/**
 * The start-up text of `coze-mock`: base URL, each app's credentials and a copy-paste `@coze/api` snippet per flow.
 *
 * @example
 * process.stdout.write(formatBanner(server.fixtures));
 */
export function formatBanner(f: PublicFixtures): string {
  const { web, pkce, device, jwt, channel } = f.apps;
  const redirect = web.redirectUris[0] ?? '';
  const indent = (text: string) => text.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
  // A real authorize request for the ready-made web app, so the consent link works when clicked.
  const consent = new URL(ENDPOINTS.authorize, f.baseURL);
  consent.search = new URLSearchParams({ response_type: 'code', client_id: web.clientId, redirect_uri: redirect, state: 'banner' }).toString();
  return `
coze-mock listening on ${f.baseURL}
  consent page:  ${consent.toString()}
  device page:   ${f.baseURL}${ENDPOINTS.deviceVerification}
  inspector:     ${f.baseURL}${ENDPOINTS.control}/  (traffic, tokens, clock, device codes; loopback only)
  control API:   ${f.baseURL}${ENDPOINTS.control}/fixtures  (loopback only)

Credentials (stable for this seed)
  PAT                 ${f.pat}
  web app             client_id ${web.clientId}
                      client_secret ${web.clientSecret}
                      redirect_uris ${web.redirectUris.join(', ')}
  PKCE app            client_id ${pkce.clientId}
  device app          client_id ${device.clientId}
  JWT app             app_id ${jwt.appId}   kid ${jwt.keyId}
                      private key: GET ${f.baseURL}${ENDPOINTS.control}/fixtures  (apps.jwt.privateKey)
  channel app         app_id ${channel.appId}   kid ${channel.keyId}   bots ${channel.botIdList.join(', ')}
                      private key: GET ${f.baseURL}${ENDPOINTS.control}/fixtures  (apps.channel.privateKey)
  account id          ${f.user.user_id} (workspace owner) or ${f.accountId} (organisation)
  enterprise id       ${f.enterpriseId}
  workspaces          ${f.workspaces.map((w) => `${w.name} ${w.id}`).join(', ')}
  user                ${f.user.nick_name} (${f.user.user_id})
  bots                ${f.bots.map((b) => `${b.name} ${b.id}${b.published ? '' : ' (unpublished)'}`).join(', ')}
  workflows           ${f.workflows.map((w) => `${w.name} ${w.id}`).join(', ')}

SDK snippets (@coze/api)
${sdkSnippets(f).map(({ flow, code }) => `  ${flow}:\n${indent(code)}`).join('\n')}

Ctrl-C stops the server.
`;
}
