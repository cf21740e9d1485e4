import { probeShapes } from '../shapes/probes.js';
import { compareWithSnapshot, latestSnapshot } from '../shapes/snapshot.js';
import { assert } from './assert.js';
import { defineChecks } from './check.js';

/** Reply shapes against the latest contract snapshot (docs examples, or the last live recording). */
export const shapeChecks = defineChecks('shapes', [
  {
    id: 'shapes.match-snapshot',
    title: 'reply shapes (status, fields, types, X-Tt-Logid) match the latest contract snapshot',
    source: 'snapshots/ (docs examples: oauth_jwt, oauth_device_code, oauth_code, list_workspace; later live recordings)',
    covers: ['token.reply-shape', 'device.code-reply', 'openapi.envelope', 'errors.both-shapes-4xx'],
    needs: ['pat', 'jwt', 'device'],
    async run(ctx) {
      const { snapshot, file } = latestSnapshot();
      const observed = await probeShapes(ctx.baseURL, ctx.target.credentials);
      const { drift } = compareWithSnapshot(snapshot, observed);
      assert.deepEqual(drift, [], `the replies drifted from snapshots/${file} (${snapshot.origin}, ${snapshot.recordedAt}):\n  ${drift.join('\n  ')}`);
    },
  },
]);
