import { eventOf, SCENARIO_CONFIG, scenario } from './scenarios';

/**
 * Noise control in central mode: two accounts each run a cluster `prod` with a service
 * `payments-api`. Their records are apart: one account's alert is not grouped or throttled into
 * the other's, one's deployment does not mute the other's task alerts, and one's recovery does
 * not resolve the other's incident. Without `accounts:` the same names are one service, as before.
 */

const CENTRAL = '999988887777';
const MEMBER = '111122223333';
const T = (hhmmss: string): string => `2026-05-12T${hhmmss}Z`;
const ACCOUNTS = [
  'accounts:',
  `  central: { account: '${CENTRAL}', region: us-west-2 }`,
  `  members: [{ id: '${MEMBER}', alias: prod-payments, regions: [us-west-2] }]`,
  '  external_id: herald-7f3c9a1e',
].join('\n');
const CENTRAL_MODE = `${SCENARIO_CONFIG}\n${ACCOUNTS}`;

/** A fixture event from `account` (the fixtures are the member's). */
const from = (account: string, event: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(event).replaceAll(`:${MEMBER}:`, `:${account}:`).replaceAll(`"${MEMBER}"`, `"${account}"`)) as Record<string, unknown>;

describe('gate: central mode keeps accounts apart', () => {
  it.each([
    { case: 'central mode: each account pages for its own service', config: CENTRAL_MODE, second: 'sent' },
    { case: 'one account (no accounts:): the same names are one service, grouped as before', config: SCENARIO_CONFIG, second: 'grouped' },
  ])('$case', async ({ config, second }) => {
    const s = scenario(config);
    expect((await s.send(from(MEMBER, eventOf('ecs-task/stopped-oom', T('12:00:00'))))).gate).toBe('sent');
    // Another failure of `prod/payments-api`, in the other account.
    expect((await s.send(from(CENTRAL, eventOf('ecs-task/stopped-essential-exit', T('12:01:00'), { from: 'worker', service: 'payments-api' })))).gate).toBe(second);
  });

  it("does not mute one account's task alerts for the other's deployment", async () => {
    const s = scenario(CENTRAL_MODE);
    await s.send(from(CENTRAL, eventOf('ecs-deployment/in-progress', T('12:00:00'), { service: 'payments-api' })));
    expect((await s.send(from(CENTRAL, eventOf('ecs-task/stopped-oom', T('12:01:00'))))).gate).toBe('inhibited');
    expect((await s.send(from(MEMBER, eventOf('ecs-task/stopped-oom', T('12:01:30'))))).gate).toBe('sent');
  });

  it("does not resolve one account's incident with the other's recovery (resolve_hold 0s: the recovery itself resolves)", async () => {
    const s = scenario(CENTRAL_MODE);
    const resolvedMessages = () => s.publisher.sent.filter((m) => m.alert.status === 'resolved').map((m) => m.alert.labels.account);
    await s.send(from(MEMBER, eventOf('ecs-task/stopped-oom', T('12:00:00'))));
    await s.send(from(CENTRAL, eventOf('ecs-service-action/steady-state', T('12:10:00'))));
    await s.due(T('12:11:00'));
    expect(resolvedMessages()).toEqual([]);
    await s.send(from(MEMBER, eventOf('ecs-service-action/steady-state', T('12:20:00'))));
    await s.due(T('12:21:00'));
    expect(resolvedMessages()).toEqual([MEMBER]);
  });
});
