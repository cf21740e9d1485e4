import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../context.js';
import { oauthErrors } from '../errors.js';
import { ENDPOINTS } from '../endpoints.js';
import { deviceCodeGrant, deviceGrantProblem, settleDeviceGrant } from '../grants/device-code.js';
import { FIELD_MAX, requireApp } from '../grants/shared.js';
import { publicOrigin, readForm, readJsonBody } from '../http.js';
import { renderPage } from '../pages/layout.js';
import { consumeFormToken, ForgedFormError, issueFormToken } from '../pages/form-guard.js';
import { formatUserCode, normaliseUserCode } from '../state/index.js';

/**
 * The device flow's two halves (oauth_device_code):
 * `POST /api/permission/oauth2/device/code` (and the `workspace_id/{id}` variant) issues the codes, with `expires_in`
 * and `interval` as relative seconds; `/oauth/device` is the verification page where a person types the user code
 * (prefilled from `?user_code=`, any case, dash optional) and approves or denies.
 */

const deviceCodeBody = z.object({ client_id: z.string({ message: 'required' }).min(1, 'required').max(FIELD_MAX.clientId) });

/** The path of the verification page; the SDKs link to `verification_uri?user_code=…`. */
export const VERIFICATION_PATH = ENDPOINTS.deviceVerification;

async function issueDeviceCode(c: Context<MockEnv>, mock: MockContext, workspaceId: string | undefined) {
  const body = await readJsonBody(c, mock, deviceCodeBody);
  const app = requireApp({ mock, noteClient: (clientId) => c.set('clientId', clientId) }, body.client_id, deviceCodeGrant.appTypes);
  if (workspaceId !== undefined && !mock.fixtures.workspaces.some((w) => w.id === workspaceId)) {
    throw oauthErrors.invalidRequest('workspace_id', 'unknown workspace');
  }
  const grant = mock.store.createDeviceGrant({
    clientId: app.clientId,
    workspaceId,
    intervalSeconds: mock.lifetimes.deviceIntervalSeconds,
    expiresAtMs: mock.clock.now() + mock.lifetimes.deviceCodeSeconds * 1000,
  });
  return c.json({
    device_code: grant.deviceCode,
    user_code: formatUserCode(grant.userCode),
    verification_uri: `${publicOrigin(mock)}${VERIFICATION_PATH}`,
    expires_in: mock.deviations.has('device-expires-in-absolute') ? Math.floor(grant.expiresAtMs / 1000) : mock.lifetimes.deviceCodeSeconds,
    interval: mock.lifetimes.deviceIntervalSeconds,
  });
}

function devicePage(c: Context<MockEnv>, mock: MockContext, typed: string, problem?: string, status: 200 | 400 | 403 | 410 = 200) {
  const token = issueFormToken(c, mock, 'device');
  // Approve comes first: pressing Enter in the code field submits with the form's first button.
  const shown = typed ? formatUserCode(normaliseUserCode(typed)).replace(/-$/, '') : '';
  return renderPage(c, {
    title: 'Connect a device',
    status,
    body: html`<h1>Connect a device</h1>
<p>Enter the code shown on your device to let it use your Coze account.</p>
${problem ? html`<div class="notice error" role="alert" id="device-error">${problem}</div>` : ''}
<form method="post" action="${mock.options.basePath}${VERIFICATION_PATH}">
<input type="hidden" name="csrf_token" value="${token}">
<label for="user_code">Device code</label>
<input type="text" id="user_code" name="user_code" value="${shown}" autocomplete="one-time-code" autocapitalize="characters"
 spellcheck="false" maxlength="32" required aria-describedby="user_code_hint"${problem ? html` aria-invalid="true"` : ''} autofocus>
<div class="hint" id="user_code_hint">Like WDJB-MJHT. Case and dash do not matter.</div>
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  });
}

async function decideDevice(c: Context<MockEnv>, mock: MockContext) {
  const form = await readForm(c, mock);
  const typed = (form.get('user_code') ?? '').slice(0, 64);
  try {
    consumeFormToken(c, mock, 'device', form.get('csrf_token') ?? undefined);
  } catch (error) {
    if (error instanceof ForgedFormError) return devicePage(c, mock, typed, `This request could not be verified: ${error.message}. Try again.`, 403);
    throw error;
  }
  const decision = form.get('decision');
  if (decision !== 'approve' && decision !== 'deny') return devicePage(c, mock, typed, 'Choose Approve or Deny.', 400);
  const grant = mock.store.findDeviceGrantByUserCode(typed);
  const problem = deviceGrantProblem(mock, grant);
  if (problem || !grant) return devicePage(c, mock, typed, problem, grant ? 410 : 400);
  settleDeviceGrant(mock, grant, decision);
  c.set('clientId', grant.clientId);
  const app = mock.findApp(grant.clientId);
  return renderPage(c, {
    title: decision === 'approve' ? 'Device connected' : 'Request denied',
    body: decision === 'approve'
      ? html`<h1>Device connected</h1><div class="notice ok" role="status">${app?.name ?? 'The device'} can now use your account. You can return to your device.</div>`
      : html`<h1>Request denied</h1><div class="notice error" role="status">${app?.name ?? 'The device'} was not given access.</div>`,
  });
}

/**
 * @example
 * app.route('/', createDeviceRoutes(mock));
 */
export function createDeviceRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .post(ENDPOINTS.deviceCode, (c) => issueDeviceCode(c, mock, undefined))
    .post(ENDPOINTS.workspaceDeviceCode, (c) =>
      issueDeviceCode(c, mock, c.req.param('workspace_id')),
    )
    .get(VERIFICATION_PATH, (c) => devicePage(c, mock, (c.req.query('user_code') ?? '').slice(0, 64)))
    .post(VERIFICATION_PATH, (c) => decideDevice(c, mock));
}
