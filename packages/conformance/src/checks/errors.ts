import { assert, expectNonEmptyString, expectReply, expectSdkError } from './assert.js';
import { defineChecks } from './check.js';
import { raw } from './flows.js';
import { ENDPOINTS } from '../endpoints.js';


/** Errors of the auth endpoints and request encoding (docs/contract.md#errors.both-shapes-4xx, docs/contract.md#hosts.json-bodies). */
export const errorChecks = defineChecks('errors', [
  {
    id: 'errors.both-shapes',
    title: 'an OAuth error is a 4xx JSON body with error_code/error_message and error/error_description, plus X-Tt-Logid',
    source: 'oauth_code (error table: error_code, error_message); oauth_device_code (error, error_description)',
    covers: ['errors.both-shapes-4xx', 'token.logid-header', 'errors.documented-values', 'disagree.error-fields'],
    needs: ['device'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', ENDPOINTS.deviceCode, { json: { client_id: '0000000000000000' } });
      expectReply(reply, 401, { logid: true });
      for (const field of ['error_code', 'error', 'error_message', 'error_description']) {
        expectNonEmptyString(reply.body?.[field], `error body field ${field}`);
      }
      assert.equal(reply.body?.error, reply.body?.error_code, 'error and error_code carry the same value');
    },
  },
  {
    id: 'errors.unsupported-grant-type',
    title: 'an unknown grant_type gets HTTP 400 unsupported_grant_type',
    source: 'oauth_code (error table: unsupported_grant_type)',
    covers: ['errors.documented-values', 'errors.both-shapes-4xx'],
    needs: ['device'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', ENDPOINTS.token, {
        json: { grant_type: 'password', client_id: ctx.cred('device').clientId },
      });
      expectReply(reply, 400);
      assert.equal(reply.body?.error_code, 'unsupported_grant_type');
    },
  },
  {
    id: 'errors.json-only',
    title: 'a form-encoded body is refused with a 4xx',
    source: 'oauth_device_code (Content-Type application/json); contract row hosts.json-bodies',
    covers: ['hosts.json-bodies'],
    needs: ['device'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', ENDPOINTS.deviceCode, { form: { client_id: ctx.cred('device').clientId } });
      assert.ok(reply.status >= 400 && reply.status < 500, `a form body must be refused, got HTTP ${reply.status}`);
    },
  },
  {
    id: 'errors.unknown-and-null-fields',
    title: 'unknown and null body fields (Go\'s extras, Python\'s "scope": null) are ignored',
    source: 'coze-go / coze-py request bodies; contract row hosts.unknown-and-null-fields',
    covers: ['hosts.unknown-and-null-fields'],
    needs: ['device'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', ENDPOINTS.deviceCode, {
        json: { client_id: ctx.cred('device').clientId, account_id: '1', scope: null, extra: { nested: true } },
      });
      expectReply(reply, 200);
      expectNonEmptyString(reply.body?.device_code, 'device_code');
    },
  },
  {
    id: 'errors.sdk-logid',
    title: 'an SDK error for an OAuth reply carries the logid from X-Tt-Logid',
    source: '@coze/api APIError (logid from detail.logid or the x-tt-logid header)',
    covers: ['errors.logid-for-sdk'],
    needs: ['device'],
    async run(ctx) {
      const error = await expectSdkError(ctx, ctx.sdk.api.getDeviceCode({ baseURL: ctx.baseURL, clientId: '0000000000000000' }), 'APIError');
      expectNonEmptyString(error.logid, 'APIError.logid');
      assert.ok(error.message?.includes(error.logid), `the error message must name the logid: ${error.message}`);
    },
  },
  {
    id: 'errors.internal-error',
    title: 'a server failure is HTTP 500 internal_error, InternalServerError in the SDK',
    source: 'oauth_code (error table: internal_error)',
    covers: ['errors.documented-values'],
    needs: ['device', 'control'],
    async run(ctx) {
      await ctx.target.injectFault({ pathPrefix: ENDPOINTS.deviceCode, status: 500 });
      const call = ctx.sdk.api.getDeviceCode({ baseURL: ctx.baseURL, clientId: ctx.cred('device').clientId });
      await expectSdkError(ctx, call, 'InternalServerError', 'internal_error');
    },
  },
]);
