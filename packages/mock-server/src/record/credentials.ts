/**
 * What counts as a credential when recording: by name and by shape, as credentials.ts (the journal's too) declares
 * it, plus the headers only real traffic carries. The recorder asks here.
 */
export { credentialKindOfName, credentialKindOfValue, credentialsInText } from '../credentials.js';

/** Request and response headers whose whole value is a credential (besides `authorization`, `cookie`, `set-cookie`). */
export const CREDENTIAL_HEADERS = new Set(['proxy-authorization', 'x-api-key', 'x-auth-token', 'x-access-token', 'x-csrf-token', 'x-xsrf-token']);
