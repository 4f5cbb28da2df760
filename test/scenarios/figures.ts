import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countByKind, countDuplicates, type PublishedMessage } from './messages';

/** Where each scenario writes its figures as JSON (git-ignored). */
export const FIGURES_DIR = join(__dirname, '.out');

/** A scenario's measured figures: counts, times in ms, flags. */
export type Figures = Record<string, number | string | boolean | null | readonly number[]>;

/**
 * Reports a scenario's figures, measured before its assertions run, so they can be quoted
 * whether the scenario passes or not: one line on the console (`[a] sns-outage alertsIn=60
 * ...`) and `test/scenarios/.out/<id>.json`.
 */
export const reportFigures = (id: string, name: string, figures: Figures): void => {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${id}-${name}.json`), `${JSON.stringify({ scenario: id, name, ...figures }, null, 2)}\n`);
  const line = Object.entries(figures)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? `[${value.join(',')}]` : String(value)}`)
    .join(' ');
  // The one line this suite prints per scenario: the figures to quote.
  console.log(`[${id}] ${name} ${line}`);
};

/** The median of some numbers (the mean of the middle two for an even count). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

/** What every scenario reports about delivery: messages by kind, duplicate alerts, dead letters. */
export const deliveryFigures = (messages: readonly PublishedMessage[], deadLetters: number): Figures => {
  const kinds = countByKind(messages);
  return { alerts: kinds.alert, digests: kinds.digest, resolved: kinds.resolved, duplicates: countDuplicates(messages), deadLetters };
};

/** What the attempts threw, for the report: `-` for none, else the error's name, comma-separated. */
export const errorNames = (errors: readonly unknown[]): string =>
  errors.map((e) => (e === undefined ? '-' : e instanceof Error ? e.name : String(e))).join(',');

/** The message of the last thing thrown (first 200 characters), or null. */
export const lastErrorMessage = (errors: readonly unknown[]): string | null => {
  const last = errors.filter((e) => e !== undefined).at(-1);
  return last === undefined ? null : (last instanceof Error ? last.message : String(last)).slice(0, 200);
};
