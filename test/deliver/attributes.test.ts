import {
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_BODY_BYTES,
  MAX_MESSAGE_ATTRIBUTES_BYTES,
  MAX_MESSAGE_BYTES,
  MESSAGE_ATTRIBUTE_NAMES,
  messageAttributes,
  renderMessage,
  TOPIC_FORMATS,
  utf8Length,
} from '../../shared/deliver';
import { oomAlertWith } from '../support/ill-formed-text';

/** Bytes the attributes count towards the SNS message size: name, data type and value each. */
const attributeBytes = (attributes: Readonly<Record<string, string>>): number =>
  Object.entries(attributes).reduce((bytes, [name, value]) => bytes + utf8Length(name) + utf8Length('String') + utf8Length(value), 0);

describe('message attribute values', () => {
  const ECS_LONGEST_NAME = `svc-${'a'.repeat(251)}`;

  it.each([
    { case: 'an ordinary service name', service: 'payments-api', expected: 'payments-api' },
    { case: 'a service name at the ECS limit of 255 characters', service: ECS_LONGEST_NAME, expected: ECS_LONGEST_NAME },
    { case: 'a name of exactly the cap', service: 'b'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH), expected: 'b'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH) },
    { case: 'one character over the cap', service: 'c'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH + 1), expected: `${'c'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH - 1)}…` },
    { case: 'a 250 KB service name', service: 'd'.repeat(250_000), expected: `${'d'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH - 1)}…` },
    { case: 'emoji (surrogate pairs) across the cap', service: '🚀'.repeat(200), expected: `${'🚀'.repeat(127)}…` },
  ])('$case', ({ service, expected }) => {
    const attributes = messageAttributes(oomAlertWith({ service }), 'critical');
    expect(attributes.service).toBe(expected);
    expect(attributes.service?.length).toBeLessThanOrEqual(MAX_ATTRIBUTE_VALUE_LENGTH);
    expect(attributes.service?.isWellFormed()).toBe(true);
  });

  it.each([
    { case: 'central mode: the account alias, for a subscriber that takes one account', alias: 'prod-payments', expected: 'prod-payments' },
    { case: 'one account: no alias', alias: undefined, expected: undefined },
  ])('$case', ({ alias, expected }) => {
    const alert = oomAlertWith({});
    if (alias !== undefined) alert.labels = { ...alert.labels, accountAlias: alias };
    expect(messageAttributes(alert, 'critical').accountAlias).toBe(expected);
  });

  it('caps every value, the route and the cluster too', () => {
    const attributes = messageAttributes(oomAlertWith({ cluster: 'e'.repeat(100_000) }), 'r'.repeat(1_000));
    for (const value of Object.values(attributes)) expect(value.length).toBeLessThanOrEqual(MAX_ATTRIBUTE_VALUE_LENGTH);
    expect(attributes.cluster).toMatch(/^e+…$/);
    expect(attributes.route).toMatch(/^r+…$/);
  });
});

describe('body and attributes together stay within the SNS message size', () => {
  it('the attributes can never use more than the room the body leaves them', () => {
    expect(MAX_MESSAGE_ATTRIBUTES_BYTES).toBe(
      MESSAGE_ATTRIBUTE_NAMES.reduce((bytes, name) => bytes + name.length + 'String'.length + 3 * MAX_ATTRIBUTE_VALUE_LENGTH, 0),
    );
    expect(MAX_BODY_BYTES + MAX_MESSAGE_ATTRIBUTES_BYTES).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  it.each([
    { case: 'a 250 KB service name', text: { service: 's'.repeat(250_000) } },
    { case: 'a 250 KB cluster name of 3-byte characters', text: { cluster: '漢'.repeat(250_000) } },
    { case: 'a 250 KB stoppedReason', text: { stoppedReason: 'r '.repeat(125_000) } },
    { case: 'a 100 KB service, cluster and reason at once', text: { service: 's'.repeat(100_000), cluster: 'c'.repeat(100_000), stoppedReason: 'x'.repeat(100_000) } },
  ])('$case, in every format', ({ text }) => {
    const alert = oomAlertWith(text);
    const attributes = messageAttributes(alert, 'critical');
    expect(attributeBytes(attributes)).toBeLessThanOrEqual(MAX_MESSAGE_ATTRIBUTES_BYTES);
    for (const format of TOPIC_FORMATS) {
      const { body } = renderMessage(alert, format, { route: 'critical', topic: 'oncall' });
      expect(utf8Length(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
      expect(utf8Length(body) + attributeBytes(attributes)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    }
  });
});
