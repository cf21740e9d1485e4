/**
 * The exact bounds of every string field of the token endpoint, word for word, at every edge: what each grant's zod
 * schema accepts and the refusal text it gives.
 */
import { describe, expect, it } from 'vitest';
import { DEVICE_CODE_PATH, fixturesOf, GRANT, newMock, postJson, tokenRequest } from './helpers.js';

const app = newMock();
const f = fixturesOf(app);
const secret = f.apps.web.clientSecret;

/** A body of the grant with every field well-formed (the code, token or device code is unknown: invalid_grant). */
const bodies = {
  [GRANT.code]: { client_id: f.apps.web.clientId, redirect_uri: f.apps.web.redirectUris[0], code: 'c', code_verifier: 'v' },
  [GRANT.refresh]: { client_id: f.apps.web.clientId, refresh_token: 'r' },
  [GRANT.device]: { client_id: f.apps.device.clientId, device_code: 'd' },
} as const;

const fields: [grant: keyof typeof bodies, field: string, max: number][] = [
  [GRANT.code, 'client_id', 256],
  [GRANT.code, 'redirect_uri', 2048],
  [GRANT.code, 'code', 512],
  [GRANT.code, 'code_verifier', 256],
  [GRANT.refresh, 'client_id', 256],
  [GRANT.refresh, 'refresh_token', 512],
  [GRANT.device, 'client_id', 256],
  [GRANT.device, 'device_code', 512],
];

async function errorOf(grant: string, overrides: Record<string, unknown>): Promise<string> {
  const body = { grant_type: grant, ...(grant in bodies ? bodies[grant as keyof typeof bodies] : {}), ...overrides };
  const res = await tokenRequest(app, body, grant === GRANT.device ? undefined : secret);
  return ((await res.json()) as { error_message: string }).error_message;
}

describe('string fields of the token endpoint', () => {
  it.each(fields)('%s: %s of %i characters passes the check, one more is refused', async (grant, field, max) => {
    expect(await errorOf(grant, { [field]: 'x'.repeat(max) })).not.toContain(`invalid request: ${field}`);
    expect(await errorOf(grant, { [field]: 'x'.repeat(max + 1) })).toBe(`invalid request: ${field} (Too big: expected string to have <=${max} characters)`);
  });

  it.each(fields)('%s: %s empty, a number or an object is refused by name', async (grant, field) => {
    const empty = field === 'code_verifier' ? 'Too small: expected string to have >=1 characters' : 'required';
    expect(await errorOf(grant, { [field]: '' })).toBe(`invalid request: ${field} (${empty})`);
    expect(await errorOf(grant, { [field]: 7 })).toBe(`invalid request: ${field} (Invalid input: expected string, received number)`);
    expect(await errorOf(grant, { [field]: { length: 1 } })).toBe(`invalid request: ${field} (Invalid input: expected string, received object)`);
  });

  it('grant_type: 128 characters reach the grant lookup, 129 are refused, a missing or empty one is required', async () => {
    expect(await errorOf('g'.repeat(128), {})).toBe(`not supported grant type: ${'g'.repeat(128)}`);
    // The schema's own message (`required`) covers its length check too.
    expect(await errorOf('g'.repeat(129), {})).toBe('invalid request: grant_type (required)');
    expect(await errorOf('', {})).toBe('invalid request: grant_type (required)');
    expect(await errorOf(7 as unknown as string, {})).toBe('invalid request: grant_type (required)');
  });

  it('a null member counts as absent: code_verifier null is no verifier, client_id null is required', async () => {
    expect(await errorOf(GRANT.code, { code_verifier: null })).toBe('invalid code');
    expect(await errorOf(GRANT.refresh, { client_id: null })).toBe('invalid request: client_id (Invalid input: expected string, received undefined)');
  });

  it('device/code: a client_id of 256 characters reaches the app lookup, 257 or none are required', async () => {
    const messageOf = async (body: unknown) => ((await (await postJson(app, DEVICE_CODE_PATH, body)).json()) as { error_message: string }).error_message;
    expect(await messageOf({ client_id: 'd'.repeat(256) })).toBe(`invalid client_id: ${'d'.repeat(256)}`);
    expect(await messageOf({ client_id: 'd'.repeat(257) })).toBe('invalid request: client_id (required)');
    expect(await messageOf({ client_id: 7 })).toBe('invalid request: client_id (required)');
    expect(await messageOf({})).toBe('invalid request: client_id (required)');
  });
});
