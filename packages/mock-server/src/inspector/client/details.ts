import type { TokenDetail } from '../../control/views.js';
import type { JournalEntry } from '../../journal.js';
import type { InspectorUi } from './ui.js';

/**
 * What a traffic row shows when opened: the request (credentials already redacted by the journal), the reply, the
 * JWT the app sent decoded with why it was accepted or refused, and the tokens it presented or was given, each by
 * fingerprint with what it stands for and its refresh family.
 */
export function detailsPanel(ui: InspectorUi): void {
  const pairs = (entries: [string, string | Node | undefined][]) => {
    const list = ui.el('dl', { class: 'pairs' });
    for (const [name, value] of entries) if (value !== undefined && value !== '') list.append(ui.el('dt', {}, name), ui.el('dd', {}, value));
    return list;
  };
  const section = (title: string, ...children: (Node | false | undefined)[]) => ui.el('section', { class: 'detail' }, ui.el('h4', {}, title), ...children);
  const seconds = (value: unknown) => (typeof value === 'number' ? `${value} (${ui.time(value * 1000)} UTC, ${ui.relative(value)})` : undefined);

  function jwtSection(jwt: NonNullable<JournalEntry['jwt']>): HTMLElement {
    const { verdict, claims } = jwt;
    const outcome = verdict.verified
      ? ui.el('p', { class: 'verdict ok' }, `Accepted: verified with key ${verdict.kid} of app ${verdict.appId}.`)
      : ui.el('p', { class: 'verdict bad', role: 'note' }, `Refused: ${verdict.reason}`);
    return section(
      'JWT sent (decoded; the signature is never kept)',
      outcome,
      ui.el('h5', {}, 'Header'),
      jwt.header ? ui.json(jwt.header) : ui.el('p', {}, 'The header did not decode.'),
      ui.el('h5', {}, 'Claims'),
      claims ? ui.json(claims) : ui.el('p', {}, 'The claims did not decode.'),
      claims && pairs([
        ['iat', seconds(claims.iat)],
        ['exp', seconds(claims.exp)],
      ]),
    );
  }

  ui.details = (entry) => {
    const box = ui.el('div', { class: 'details-grid' });
    box.append(
      section(
        'Request',
        pairs([
          ['Method and path', `${entry.method} ${entry.path}${entry.query}`],
          ['Time (mock clock)', `${ui.time(entry.at)} UTC`],
          ...Object.entries(entry.headers).map(([name, value]): [string, string] => [name, value]),
        ]),
        entry.body && ui.el('h5', {}, 'Body'),
        entry.body && ui.json(entry.body),
      ),
      section(
        'Reply',
        pairs([
          ['Status', `${entry.status}${entry.aborted ? ' (the client left before the reply)' : ''}`],
          ['Coze error', entry.error === undefined ? undefined : String(entry.error)],
          ['Log id', entry.logid],
          ['Grant', entry.grantType],
          ['Client', entry.clientId],
          ['Took', `${entry.durationMs} ms`],
        ]),
      ),
    );
    if (entry.jwt) box.append(jwtSection(entry.jwt));
    const tokens: HTMLElement[] = [];
    if (entry.tokenFingerprint) tokens.push(ui.tokenCard(entry.tokenFingerprint, 'Token presented'));
    if (entry.issuedFingerprints) {
      tokens.push(ui.tokenCard(entry.issuedFingerprints.accessToken, 'Access token issued'));
      if (entry.issuedFingerprints.refreshToken) tokens.push(ui.tokenCard(entry.issuedFingerprints.refreshToken, 'Refresh token issued'));
    }
    if (tokens.length) box.append(section('Tokens', ...tokens));
    return box;
  };

  const stateText = (member: { state: string; expiresAt?: number; revokedBecause?: string }) =>
    member.state === 'revoked'
      ? `revoked: ${member.revokedBecause ?? ''}`
      : member.expiresAt === undefined
        ? member.state
        : `${member.state}, ${member.state === 'expired' ? 'expired' : 'expires'} ${ui.relative(member.expiresAt)}`;

  function renderToken(detail: TokenDetail, fingerprint: string, box: HTMLElement): void {
    const revoke = ui.el('button', { type: 'button', class: 'small danger' }, 'Revoke');
    revoke.addEventListener('click', () =>
      ui.act(revoke, () => ui.call('POST', '/tokens/revoke', { fingerprint }), `Token ${fingerprint} revoked`),
    );
    const parts: (Node | false)[] = [
      pairs([
        ['Kind', detail.kind.replace('_', ' ')],
        ['State', stateText(detail)],
        ['Grant', detail.grant],
        ['App (client id)', detail.clientId],
        ['User', detail.userId],
        ['Workspace', detail.workspaceId],
        ['Session', detail.sessionName],
        ['Issued', detail.issuedAt === undefined ? undefined : `${ui.time(detail.issuedAt * 1000)} UTC`],
        ['Expires (mock clock)', detail.expiresAt === undefined ? (detail.kind === 'pat' ? 'never' : undefined) : `${ui.time(detail.expiresAt * 1000)} UTC`],
        ['Permissions', detail.permissions.join(', ')],
      ]),
      detail.family
        ? ui.el(
            'div',
            {},
            ui.el('h5', { 'aria-hidden': 'true' }, 'Refresh family (oldest first)'),
            ui.el(
              'ol',
              { class: 'family', 'aria-label': 'Refresh family, oldest first' },
              ...detail.family.map((member) =>
                ui.el(
                  'li',
                  { class: `state-${member.state}` },
                  ui.el('code', {}, member.fingerprint),
                  ` ${member.kind.replace('_', ' ')}: ${stateText(member)}${member.fingerprint === fingerprint ? ' (this one)' : ''}`,
                ),
              ),
            ),
          )
        : false,
      ['live', 'rotated'].includes(detail.state) ? revoke : false,
    ];
    box.replaceChildren(...parts.filter((part): part is Node => part !== false));
  }

  ui.tokenCard = (fingerprint, label) => {
    const body = ui.el('div', { class: 'token-body' }, 'Loading…');
    const card = ui.el('details', { class: 'token-card' }, ui.el('summary', {}, `${label} `, ui.el('code', {}, fingerprint)), body);
    const load = () =>
      ui.call<TokenDetail>('GET', `/tokens/${fingerprint}`).then(
        (detail) => renderToken(detail, fingerprint, body),
        (error: Error) => body.replaceChildren(ui.el('p', {}, `Not known to the mock any more (${error.message}).`)),
      );
    card.addEventListener('toggle', () => {
      if ((card as HTMLDetailsElement).open) void load();
    });
    return card;
  };
}
