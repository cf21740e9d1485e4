/**
 * The typed control client (`createControlClient`) over real HTTP: each method reaches its `/__mock` endpoint.
 * The endpoints' own behaviour is tested in control.test.ts; here, that the client wires them right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../src/clock.js';
import { createControlClient, type ControlClient } from '../src/control/client.js';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { SEED, T0 } from './helpers.js';

let server: RunningMockServer;
let control: ControlClient;
beforeAll(async () => {
  server = await startMockServer({ seed: SEED, clock: createClock({ frozenAt: T0 }) });
  control = createControlClient(`${server.url}/`);
});
afterAll(() => server.close());

describe('createControlClient', () => {
  it('moves, sets and resets the clock', async () => {
    expect((await control.clock()).now).toBe(T0);
    expect((await control.advanceClock(90)).now).toBe(T0 + 90_000);
    expect((await control.setClock(new Date(T0 + 3_600_000))).now).toBe(T0 + 3_600_000);
    expect((await control.resetClock()).now).toBe(T0);
  });

  it('reads the journal since a sequence number', async () => {
    await fetch(`${server.url}/v1/users/me`);
    const [first] = await control.journal({ path: '/v1/users/me' });
    await fetch(`${server.url}/v1/users/me`);
    const later = await control.journal({ path: '/v1/users/me', since: first?.seq ?? 0 });
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ status: 401, error: 4100 });
  });

  it('serves the fixtures the server started with', async () => {
    expect(await control.fixtures()).toEqual(server.fixtures);
  });

  it('fails loudly when the control API refuses', async () => {
    await expect(control.approveDevice('NOPE-NOPE')).rejects.toThrow(/device\/approve failed: 404/);
  });
});
