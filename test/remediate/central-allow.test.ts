import { compileRemediationSettings, refusedByAllowList } from '../../shared/remediate';
import { loadConfigText } from '../../shared/config';

/**
 * Central mode: the remediator's role is in the central account, so an action never acts on a
 * member's event (its cluster and service names would find the central account's own, if any).
 */

const config = (accounts: boolean) => {
  const text = [
    'topics: {}',
    'actions: { restart: { type: force-new-deployment } }',
    ...(accounts ? ['accounts:', "  central: { account: '999988887777', region: eu-west-1 }", "  members: [{ id: '111122223333', alias: prod-payments, regions: [eu-west-1] }]", '  external_id: herald-7f3c9a1e'] : []),
  ].join('\n');
  const loaded = loadConfigText(text, 'herald.yml').config;
  if (loaded === undefined) throw new Error('invalid');
  const action = compileRemediationSettings(loaded).actions.get('restart');
  if (action === undefined) throw new Error('no action');
  return action;
};

describe('remediation in central mode', () => {
  it.each([
    { case: "the central account's own alert: allowed", accounts: true, account: '999988887777', refused: undefined },
    { case: "a member's alert: refused", accounts: true, account: '111122223333', refused: 'the alert comes from account 111122223333; action restart acts only in the central account 999988887777' },
    { case: 'single-account mode: any account, as before', accounts: false, account: '111122223333', refused: undefined },
  ])('$case', ({ accounts, account, refused }) => {
    expect(refusedByAllowList(config(accounts), { account, region: 'eu-west-1', cluster: 'prod', service: 'payments-api', tags: {} })).toBe(refused);
  });
});
