import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../src/checks/index.js';
import { unmetReason } from '../src/checks/check.js';
import { formatSkipSummary } from '../src/runner/skip-summary.js';
import { readLiveConfig } from '../src/targets/live-config.js';
import { planTarget } from '../src/targets/select-target.js';

describe('the live target without credentials', () => {
  it('COZE_LIVE=1 alone selects live and skips every check, each with the variables to set', () => {
    const plan = planTarget({ COZE_LIVE: '1' });
    expect(plan.kind).toBe('live');
    const reasons = ALL_CHECKS.map((check) => [check.id, unmetReason(check, plan.unmet)] as const);
    expect(reasons.filter(([, reason]) => !reason).map(([id]) => id), 'checks that would run without credentials').toEqual([]);
    expect(new Set(reasons.map(([, reason]) => reason))).toEqual(
      new Set(['COZE_API_TOKEN is not set', 'COZE_WEB_CLIENT_ID, COZE_WEB_CLIENT_SECRET are not set', 'COZE_PKCE_CLIENT_ID is not set',
        'COZE_DEVICE_CLIENT_ID is not set', 'COZE_JWT_APP_ID, COZE_JWT_KEY_ID, COZE_JWT_PRIVATE_KEY_FILE are not set',
        'COZE_REFRESH_TOKEN (or COZE_REFRESH_TOKEN_FILE) is not set',
        'COZE_CHANNEL_APP_ID, COZE_CHANNEL_KEY_ID, COZE_CHANNEL_PRIVATE_KEY_FILE, COZE_CHANNEL_BOT_ID are not set']),
    );
    const summary = formatSkipSummary('live', ALL_CHECKS, plan.unmet);
    expect(summary).toContain(`0 of ${ALL_CHECKS.length} checks can run, ${ALL_CHECKS.length} skipped`);
    expect(summary).toContain('skipped (COZE_JWT_APP_ID, COZE_JWT_KEY_ID, COZE_JWT_PRIVATE_KEY_FILE are not set): jwt.token');
  });

  it('COZE_TARGET=live without COZE_LIVE=1 skips everything: live runs are opt-in', () => {
    const plan = planTarget({ COZE_TARGET: 'live', COZE_API_TOKEN: 'pat_x' });
    expect(ALL_CHECKS.every((check) => unmetReason(check, plan.unmet) === 'COZE_LIVE is not 1 (live runs are opt-in)')).toBe(true);
  });

  it('a PAT alone lets the PAT checks run and explains the rest', () => {
    const plan = planTarget({ COZE_LIVE: '1', COZE_API_TOKEN: 'pat_x' });
    expect(unmetReason(ALL_CHECKS.find((c) => c.id === 'pat.users-me')!, plan.unmet)).toBeUndefined();
    expect(unmetReason(ALL_CHECKS.find((c) => c.id === 'pat.user-agent')!, plan.unmet)).toMatch(/control API/);
  });

  it('reads the base URL, JWT audience and a missing key file from the environment', () => {
    const config = readLiveConfig({ COZE_BASE_URL: 'https://api.coze.com/', COZE_JWT_APP_ID: '1', COZE_JWT_KEY_ID: 'k', COZE_JWT_PRIVATE_KEY_FILE: '/nonexistent.pem' });
    expect(config.baseURL).toBe('https://api.coze.com');
    expect(config.missing.jwt).toBe('COZE_JWT_PRIVATE_KEY_FILE=/nonexistent.pem does not exist');
    expect(readLiveConfig({}).baseURL).toBe('https://api.coze.cn');
  });

  it('COZE_TARGET=url needs COZE_MOCK_URL, and an unknown target is refused', () => {
    expect(() => planTarget({ COZE_TARGET: 'url' })).toThrow(/COZE_MOCK_URL/);
    expect(() => planTarget({ COZE_TARGET: 'staging' })).toThrow(/mock, url or live/);
  });
});
