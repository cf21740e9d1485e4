import type { Check } from './check.js';
import { channelChecks } from './channel.js';
import { deviceChecks } from './device.js';
import { deviceCapChecks } from './device-cap.js';
import { devicePollChecks } from './device-poll.js';
import { errorChecks } from './errors.js';
import { jwtChecks } from './jwt.js';
import { jwtErrorChecks } from './jwt-errors.js';
import { openApiChecks } from './openapi.js';
import { patChecks } from './pat.js';
import { pkceChecks } from './pkce.js';
import { refreshChecks } from './refresh.js';
import { replayChecks } from './replay/index.js';
import { shapeChecks } from './shapes.js';
import { webCodeChecks } from './web-code.js';

/** The check table, by auth mode or concern. Each test file registers one group; the meta-test and `pnpm contract` run them all. */
export const CHECK_GROUPS = {
  pat: patChecks,
  web: webCodeChecks,
  pkce: pkceChecks,
  refresh: refreshChecks,
  device: [...deviceChecks, ...deviceCapChecks],
  devicePoll: devicePollChecks,
  jwt: [...jwtChecks, ...jwtErrorChecks],
  channel: channelChecks,
  openapi: openApiChecks,
  errors: errorChecks,
  shapes: shapeChecks,
  replay: replayChecks,
} as const satisfies Record<string, Check[]>;

/** Every check, in a stable order. */
export const ALL_CHECKS: readonly Check[] = Object.values(CHECK_GROUPS).flat();

/**
 * Finds a check by id.
 *
 * @example
 * checkById('jwt.single-use')?.source; // 'oauth_jwt (a JWT can be used only once; jti)'
 */
export const checkById = (id: string): Check | undefined => ALL_CHECKS.find((check) => check.id === id);
