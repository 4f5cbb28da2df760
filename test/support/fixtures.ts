import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type HeraldEvent, parseEvent } from '../../shared/events';

/** Root of the event fixtures: test/fixtures/events/<kind>/<scenario>.json. */
export const FIXTURES_DIR = join(__dirname, '..', 'fixtures', 'events');

/** Every fixture's name (`<kind>/<scenario>`), sorted. */
export const listFixtures = (): string[] => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));
  return walk(FIXTURES_DIR).map((f) => relative(FIXTURES_DIR, f).replace(/\.json$/, '')).sort();
};

/** A fixture as raw JSON (a fresh copy each call, safe to mutate). */
export const loadRawFixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;

/** A fixture parsed; throws when it does not parse (fixtures must). */
export const loadFixture = (name: string): HeraldEvent => {
  const result = parseEvent(loadRawFixture(name));
  if (!result.ok) throw new Error(`fixture ${name} does not parse: ${result.error.message}`);
  return result.event;
};
