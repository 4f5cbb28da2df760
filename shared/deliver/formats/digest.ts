import type { Notification, AlertDigest } from '../types';
import { formatCount } from './incident';

/** What a digest notification is built from: its group, window and counts, and the window's first alert. */
export interface DigestInput {
  group: string;
  /** Epoch milliseconds. */
  since: number;
  until: number;
  /** The window's first alert, as routed (JSON). */
  alert: string;
  /** The group's first alert, held for `group_wait`. */
  held: boolean;
  /** What the window counted; first and last alert default to the window's first alert. */
  counts: Pick<AlertDigest, 'count' | 'categories'> & Partial<Pick<AlertDigest, 'first' | 'last'>>;
}

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * The alert a digest sends: the held first alert itself when nothing joined it, else the
 * window's first alert worded as a summary of the window ("19 more alerts in group ... (oom
 * 19)"), carrying the counts, first and last alert for every format.
 */
export const digestNotification = (input: DigestInput): Notification => {
  const base = JSON.parse(input.alert) as Notification;
  const { count, categories } = input.counts;
  if (input.held && count === 1) return base;
  const fallback = { summary: base.summary, time: base.event.time };
  const digest: AlertDigest = {
    group: input.group,
    count,
    since: new Date(input.since).toISOString(),
    until: new Date(input.until).toISOString(),
    categories,
    first: input.counts.first ?? fallback,
    last: input.counts.last ?? fallback,
  };
  const top = categories.slice(0, 3).map((c) => `${c.category} ${formatCount(c.count)}`).join(', ');
  const summary = input.held
    ? `${base.summary} (+${plural(count - 1, 'more alert')} in the group)`
    : `${plural(count, 'more alert')} in group ${input.group}${top === '' ? '' : ` (${top})`}`;
  return { ...base, summary, digest };
};
