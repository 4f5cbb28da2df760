import type { Inhibitor } from '../inhibit';
import type { Muter } from './types';

/** The ECS-aware inhibition presets: a deployment or an instance in trouble explains its tasks' failures. */
export const inhibitionMuter = (inhibitor: Inhibitor): Muter => ({
  stage: 'inhibition',
  outcome: 'inhibited',
  mutes: (alert, _match, nowMs) => inhibitor.check(alert, nowMs),
});
