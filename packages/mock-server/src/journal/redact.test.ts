import { describe, expect, it } from 'vitest';
import { credentialKindOfValue, credentialsInText, isCredentialName, looksLikeCredential, normaliseName } from '../credentials.js';
import { redactHeader, redactJson, redactPath, redactQuery, REDACTED } from './redact.js';

const JWT = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"1"}').toString('base64url')}.c2lnbmF0dXJl`;

describe('credential names', () => {
  it.each([
    ['clientSecret', 'client_secret'],
    ['Client-Secret', 'client_secret'],
    ['API_KEY', 'api_key'],
    ['codeVerifier', 'code_verifier'],
    ['user code', 'user_code'],
  ])('normalises %s to %s', (name, normal) => expect(normaliseName(name)).toBe(normal));

  it.each(['client_assertion', 'jwt', 'id_token', 'accessToken', 'refreshToken', 'deviceCode', 'password', 'api_key', 'user_code', 'client_secret[]', 'user[password]', 'a[0][token]', 'session_token', 'signing_key', 'app_secret', 'code'])(
    '%s is a credential',
    (name) => expect(isCredentialName(name)).toBe(true),
  );

  it.each(['grant_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'token_type', 'expires_in', 'user', 'a[0]', '[]'])(
    '%s is not',
    (name) => expect(isCredentialName(name)).toBe(false),
  );
});

describe('credential shapes', () => {
  it.each([
    ['a JWT', JWT],
    ['a JWT inside text', `Bearer ${JWT} and more`],
    ['a user token', `czu_${'a1'.repeat(32)}`],
    ['a PAT', `pat_${'Z9'.repeat(32)}`],
    ['a code', `code_${'x7'.repeat(24)}`],
    ['a refresh token (no prefix)', 'aB3'.repeat(24)],
    ['a PEM private key', '-----BEGIN PRIVATE KEY-----\nMIIE'],
  ])('%s looks like a credential', (_name, value) => expect(looksLikeCredential(value)).toBe(true));

  it.each([
    ['a short value', 'czu_a1'],
    ['a word after a prefix', 'code_challenge_method'],
    ['digits only', '1'.repeat(40)],
    ['letters only', 'a'.repeat(40)],
    ['a URL', 'http://127.0.0.1:8080/callback'],
    ['a dotted version', '2026.0101.1234'],
    ['a grant type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
  ])('%s does not', (_name, value) => expect(looksLikeCredential(value)).toBe(false));
});

describe('redaction', () => {
  it('walks JSON: members by name, strings and keys by shape, arrays, and __proto__ as a plain member', () => {
    const parsed = JSON.parse(`{"accessToken":"x","note":"${JWT}","list":[1,"czu_${'a1'.repeat(16)}",{"pwd":"y"}],"${'aB3'.repeat(12)}":1,"__proto__":{"token":"z"},"kept":"yes"}`) as unknown;
    const out = redactJson(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(out))).toEqual({ accessToken: REDACTED, note: REDACTED, list: [1, REDACTED, { pwd: REDACTED }], [REDACTED]: 1, ['__proto__']: { token: REDACTED }, kept: 'yes' });
  });

  it('keeps a query as sent unless something in it is a credential, then names each redacted key once', () => {
    expect(redactQuery('')).toBe('');
    expect(redactQuery('?a=1&b=2')).toBe('?a=1&b=2');
    expect(redactQuery('?code=a&code=b&state=x')).toBe('?code=[redacted]&state=x');
    expect(redactQuery(`?note=hello&note=${JWT}`)).toBe('?note=hello&note=[redacted]');
    expect(redactQuery('?client_secret%5B%5D=s&x=1')).toBe('?client_secret%5B%5D=[redacted]&x=1');
  });

  it('redacts path segments and headers by shape, Authorization and Cookie whole', () => {
    expect(redactPath(`/v1/things/${JWT}/x`)).toBe('/v1/things/[redacted]/x');
    expect(redactPath('/v1/workspaces')).toBe('/v1/workspaces');
    expect(redactPath('/v1/%E0%A4%A')).toBe('/v1/%E0%A4%A');
    expect(redactHeader('authorization', 'Bearer abc')).toBe('Bearer [redacted]');
    expect(redactHeader('authorization', 'abc')).toBe(REDACTED);
    expect(redactHeader('cookie', 'a=1; b=2')).toBe('a=[redacted]; b=[redacted]');
    expect(redactHeader('user-agent', `sdk ${JWT}`)).toBe(REDACTED);
    expect(redactHeader('user-agent', 'x'.repeat(300))).toBe('x'.repeat(200));
  });
});

describe('credential shapes, edges', () => {
  const segment = (json: string) => Buffer.from(json).toString('base64url');
  const pat = `pat_${'a1'.repeat(15)}`;

  it('normalises runs of separators to one underscore', () => {
    expect(normaliseName('Client - Secret')).toBe('client_secret');
    expect(normaliseName('client..secret')).toBe('client_secret');
  });

  it('is not fooled by a compact serialisation whose header is JSON but not an object with alg', () => {
    for (const header of ['null', '"alg"', '5', '{"typ":"JWT"}']) {
      const value = `${segment(header)}.${segment('{"iss":"1"}')}.c2ln`;
      expect(credentialsInText(`Bearer ${value}`), header).toEqual([]);
    }
  });

  it('lists what it finds in the order it appears, whatever its kind', () => {
    expect(credentialsInText(`first ${JWT} then ${pat}`)).toEqual([{ value: JWT, kind: 'jwt' }, { value: pat, kind: 'pat' }]);
    expect(credentialsInText(`first ${pat} then ${JWT}`)).toEqual([{ value: pat, kind: 'pat' }, { value: JWT, kind: 'jwt' }]);
  });

  it('names the kind of a whole value only, surrounding spaces aside', () => {
    expect(credentialKindOfValue(pat)).toBe('pat');
    expect(credentialKindOfValue(`  ${pat} `)).toBe('pat');
    expect(credentialKindOfValue(`note: ${pat}`)).toBeUndefined();
    expect(credentialKindOfValue('state')).toBeUndefined();
  });
});

describe('redaction, edges', () => {
  it('keeps a query of nothing or a lone ? as it is, and one without credentials unchanged byte for byte', () => {
    expect(redactQuery('')).toBe('');
    expect(redactQuery('?')).toBe('?');
    expect(redactQuery('?b=2&a=x%20y')).toBe('?b=2&a=x%20y');
  });

  it('keeps short paths as sent and redacts a credential segment of a long one', () => {
    expect(redactPath('/v1/a')).toBe('/v1/a');
    expect(redactPath(`/v1/files/${JWT}`)).toBe(`/v1/files/${REDACTED}`);
    expect(redactPath('/v1/workspaces')).toBe('/v1/workspaces');
  });

  it('shows the scheme of Authorization and nothing of its value, however it is spaced', () => {
    expect(redactHeader('authorization', `Bearer ${JWT}`)).toBe(`Bearer ${REDACTED}`);
    expect(redactHeader('authorization', `  Bearer   ${JWT} trailing`)).toBe(`  Bearer ${REDACTED}`);
    expect(redactHeader('authorization', 'Bearer\tsecret-value\nmore')).toBe(`Bearer ${REDACTED}`);
    expect(redactHeader('authorization', 'secretwithoutscheme')).toBe(REDACTED);
  });

  it('returns numbers, booleans and null of a JSON body as they are, and redacts members shown on their copy', () => {
    expect(redactJson(5)).toBe(5);
    expect(redactJson(null)).toBeNull();
    expect(redactJson(true)).toBe(true);
    const out = redactJson({ password: 'x', note: 'y' }) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['password', 'note']);
    expect(JSON.stringify(out)).toBe(`{"password":"${REDACTED}","note":"y"}`);
    out.note = 'changed';
    expect(out.note).toBe('changed');
  });
});
