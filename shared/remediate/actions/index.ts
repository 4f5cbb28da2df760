import type { ActionType } from '../../config';
import { drainInstance } from './drain-instance';
import { forceNewDeployment } from './force-new-deployment';
import { invoke } from './invoke';
import { rollback } from './rollback';
import { scale } from './scale';
import { stopTask } from './stop-task';
import type { ActionDefinition } from './types';

/** One definition per action type; a type without one fails to compile. */
export const ACTION_DEFINITIONS: { readonly [T in ActionType]: ActionDefinition } = {
  'force-new-deployment': forceNewDeployment,
  rollback,
  scale,
  'stop-task': stopTask,
  'drain-instance': drainInstance,
  invoke,
};

export { scaledCount } from './scale';
export { isSteady, primaryOf } from './service-state';
export type { ActionDefinition, ActionTargetKind, PrepareContext } from './types';
