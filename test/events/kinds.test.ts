import { DETAIL_TYPES, EVENT_KIND_REGISTRY, EVENT_KIND_SPECS, EVENT_KINDS, parseEvent, RULE_GROUPS } from '../../shared/events';
import { listFixtures, loadRawFixture } from '../support/fixtures';

/**
 * The registry's invariants that the compiler cannot check: the parser looks kinds up by
 * (source, detail-type), and each rule group becomes one EventBridge rule with one source and
 * one eventSource condition.
 */
describe('event kind registry', () => {
  it('has one entry per kind, under its own kind', () => {
    expect(Object.keys(EVENT_KIND_REGISTRY)).toEqual(Object.values(EVENT_KINDS));
    for (const [kind, spec] of Object.entries(EVENT_KIND_REGISTRY)) expect(spec.kind).toBe(kind);
  });

  it('identifies each kind by a (source, detail-type) pair of its own', () => {
    const pairs = EVENT_KIND_SPECS.map((spec) => `${spec.source} ${spec.detailType}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('registers every documented detail-type', () => {
    expect(EVENT_KIND_SPECS.map((spec) => spec.detailType).sort()).toEqual(Object.values(DETAIL_TYPES).sort());
  });

  it.each(Object.values(RULE_GROUPS).map((group) => ({ group })))('rule group $group: one source and one eventSource', ({ group }) => {
    const kinds = EVENT_KIND_SPECS.filter((spec) => spec.ruleGroup === group);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds.map((spec) => spec.source)).size).toBe(1);
    expect(new Set(kinds.map((spec) => spec.eventSource)).size).toBe(1);
  });

  it.each(EVENT_KIND_SPECS.map((spec) => ({ case: spec.kind, spec })))('$case: its fixtures parse to it', ({ spec }) => {
    const fixtures = listFixtures().filter((name) => name.startsWith(`${spec.kind}/`));
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) {
      const raw = loadRawFixture(fixture);
      expect(raw).toMatchObject({ source: spec.source, 'detail-type': spec.detailType });
      const result = parseEvent(raw);
      expect(result.ok && result.event.kind).toBe(spec.kind);
    }
  });
});
