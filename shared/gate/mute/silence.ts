import { describeSilence, findSilence, type SilenceSource } from '../silences';
import type { Muter } from './types';

/** Silences (herald.yml and run-time ones) whose matchers match the alert's labels. */
export const silenceMuter = (silences: SilenceSource): Muter => ({
  stage: 'silences',
  outcome: 'silenced',
  async mutes(alert, _match, nowMs) {
    const silence = findSilence(await silences.current(nowMs), alert.labels, nowMs);
    return silence === undefined ? undefined : describeSilence(silence);
  },
});
