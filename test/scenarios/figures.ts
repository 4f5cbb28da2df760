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
 * ...`) and `test/scenarios/.out/<id>-<name>.json`. Texts to quote whole (an email) go to the
 * JSON under `texts` and each to `test/scenarios/.out/<id>-<name>.<label>.txt`; the line names
 * those files.
 */
export const reportFigures = (id: string, name: string, figures: Figures, texts: Readonly<Record<string, string>> = {}): void => {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const labels = Object.keys(texts);
  const report = labels.length === 0 ? { scenario: id, name, ...figures } : { scenario: id, name, ...figures, texts };
  writeFileSync(join(FIGURES_DIR, `${id}-${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  for (const [label, text] of Object.entries(texts)) writeFileSync(join(FIGURES_DIR, `${id}-${name}.${label}.txt`), text.endsWith('\n') ? text : `${text}\n`);
  const line = Object.entries(figures)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? `[${value.join(',')}]` : String(value)}`)
    .concat(labels.map((label) => `${label}=.out/${id}-${name}.${label}.txt`))
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
