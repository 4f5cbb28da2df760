import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMessage } from '../../shared/deliver';
import { EVENT_KINDS } from '../../shared/events';
import { CATEGORY_NAMES, LABEL_NAMES, normalizeEvent, SEVERITIES } from '../../shared/normalize';
import { listFixtures, loadFixture } from '../support/fixtures';
import { checkSchema, type JsonSchema } from './json-schema';
import { listSampleAlerts, loadSampleAlert } from './sample-alerts';

const DOCS = join(__dirname, '..', '..', 'docs');
const schema = JSON.parse(readFileSync(join(DOCS, 'alert.schema.json'), 'utf8')) as JsonSchema;
const reference = readFileSync(join(DOCS, 'alert-json.md'), 'utf8');
const CONTEXT = { route: 'critical', topic: 'oncall' };
const documentOf = (fixture: string) => JSON.parse(renderMessage(normalizeEvent(loadFixture(fixture)), 'json', CONTEXT).body) as Record<string, unknown>;
const sampleDocumentOf = (sample: string) => JSON.parse(renderMessage(loadSampleAlert(sample), 'json', CONTEXT).body) as Record<string, unknown>;
/** Keys only noise control's alerts have: optional, before `truncated`. */
const OPTIONAL_KEYS = ['digest', 'resolves', 'gateUnavailable', 'deploymentTasks', 'remediation', 'instanceLogs'];

type Properties = Record<string, JsonSchema & { enum?: unknown[]; properties?: Properties; propertyNames?: { enum: unknown[] } }>;
const properties = schema.properties as Properties;

describe('docs/alert.schema.json', () => {
  it.each(listFixtures().map((fixture) => ({ fixture })))('$fixture: the rendered document conforms', ({ fixture }) => {
    expect(checkSchema(schema, documentOf(fixture))).toEqual([]);
  });

  it.each(listSampleAlerts().map((sample) => ({ sample })))('$sample: the rendered document conforms', ({ sample }) => {
    expect(checkSchema(schema, sampleDocumentOf(sample))).toEqual([]);
  });

  it('requires every key a plain alert has, in document order; the optional keys come before truncated', () => {
    const keys = Object.keys(documentOf('ecs-task/stopped-oom'));
    expect(schema.required).toEqual(keys);
    expect(Object.keys(properties)).toEqual([...keys.slice(0, -1), ...OPTIONAL_KEYS, 'truncated']);
  });

  it.each([
    { case: 'categories', actual: () => properties.category?.enum, expected: CATEGORY_NAMES },
    { case: 'severities', actual: () => properties.severity?.enum, expected: [...SEVERITIES] },
    { case: 'label names', actual: () => properties.labels?.propertyNames?.enum, expected: [...LABEL_NAMES] },
    { case: 'event kinds', actual: () => properties.event?.properties?.kind?.enum, expected: Object.values(EVENT_KINDS) },
  ])('lists the same $case as the code', ({ actual, expected }) => {
    expect(actual()).toEqual(expected);
  });

  const broken = (change: (doc: Record<string, unknown>) => void) => {
    const doc = documentOf('ecs-task/stopped-oom');
    change(doc);
    return checkSchema(schema, doc);
  };

  it.each([
    { case: 'a missing key', change: (d: Record<string, unknown>) => delete d.fingerprint, error: '$: missing required "fingerprint"' },
    { case: 'an unknown key', change: (d: Record<string, unknown>) => (d.extra = 1), error: '$.extra: not allowed' },
    { case: 'a wrong type', change: (d: Record<string, unknown>) => (d.truncated = 'no'), error: '$.truncated: expected boolean, got string' },
    { case: 'another version', change: (d: Record<string, unknown>) => (d.version = 2), error: '$.version: expected 1, got 2' },
    { case: 'an unknown category', change: (d: Record<string, unknown>) => (d.category = 'boom'), error: '$.category: "boom" is not one of the allowed values' },
    { case: 'an unknown label', change: (d: Record<string, unknown>) => ((d.labels as Record<string, unknown>).colour = 'red'), error: '$.labels.colour (name): "colour" is not one of the allowed values' },
    { case: 'a number label', change: (d: Record<string, unknown>) => ((d.labels as Record<string, unknown>).exitCode = 137), error: '$.labels.exitCode: expected string, got integer' },
    { case: 'a short fingerprint', change: (d: Record<string, unknown>) => (d.fingerprint = 'abc'), error: '$.fingerprint: does not match ^[0-9a-f]{16}$' },
    { case: 'evidence without a value', change: (d: Record<string, unknown>) => delete (d.evidence as Record<string, unknown>[])[0]?.value, error: '$.evidence[0]: missing required "value"' },
    { case: 'an event without an id', change: (d: Record<string, unknown>) => delete (d.event as Record<string, unknown>).id, error: '$.event: missing required "id"' },
  ])('the checker reports $case', ({ change, error }) => {
    expect(broken(change)).toEqual([error]);
  });
});

describe('docs/alert-json.md', () => {
  it('shows the OOM fixture exactly as ecs-herald renders it', () => {
    const example = /```json\n([\s\S]*?)\n```/.exec(reference)?.[1];
    expect(example).toBe(renderMessage(normalizeEvent(loadFixture('ecs-task/stopped-oom')), 'json', CONTEXT).body);
  });

  it('documents every field', () => {
    const nested = (key: string) => Object.keys(properties[key]?.properties ?? {}).map((k) => `${key}.${k}`);
    const fields = [
      ...Object.keys(properties).filter((k) => k !== 'event'),
      ...nested('event'),
      ...nested('digest'),
      ...nested('resolves'),
      ...nested('deploymentTasks'),
    ];
    for (const field of fields) expect(reference).toContain(`| \`${field}\` |`);
  });

  it('shows the noise-control fields exactly as ecs-herald renders the sample alerts', () => {
    const excerpts = [...reference.matchAll(/```json\n([\s\S]*?)\n```/g)].slice(1).map((m) => m[1] ?? '');
    const rendered = listSampleAlerts().map(sampleDocumentOf);
    const expected = OPTIONAL_KEYS.map((key) => JSON.stringify({ [key]: rendered.find((doc) => key in doc)?.[key] }, null, 2));
    expect(excerpts).toEqual(expected);
  });
});
