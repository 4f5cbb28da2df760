import { z } from 'zod';
import { type ActionConfig, type ActionType, ACTION_TYPES } from './actions';
import { MAX_DURATION_MS, parseDuration } from './duration';

// The schemas of `actions:`, apart from the types and names (actions.ts) that the Lambda
// bundles use at run time: herald.yml is validated when the bundles are built, never in them.

const duration = z.string().refine((text) => {
  const ms = parseDuration(text);
  return ms !== undefined && ms > 0 && ms <= MAX_DURATION_MS;
}, { message: 'expected a duration such as "30s", "15m" or "1h30m" (units ms, s, m, h, d; at most 31d)' });

const guards = {
  dry_run: z.boolean({ message: 'expected true or false' }).optional(),
  clusters: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { message: 'expected a cluster name: letters, digits, "-" or "_" (at most 255)' })).min(1).optional(),
  // IAM resource ARNs take the same `*` wildcard, so a pattern scopes the role too.
  services: z.array(z.string().regex(/^[A-Za-z0-9_*-]{1,255}$/, { message: 'expected a service name or a pattern with "*": letters, digits, "-", "_" or "*"' })).min(1).optional(),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  cooldown: duration.optional(),
  max_attempts: z.number().int({ message: 'expected a whole number' }).min(1).max(100).optional(),
  window: duration.optional(),
  during_deployment: z.boolean({ message: 'expected true or false' }).optional(),
};

const count = z.number().int({ message: 'expected a whole number of tasks' });

// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html (FunctionName)
const FUNCTION = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/;
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartAutomationExecution.html (DocumentName)
const DOCUMENT = /^(arn:aws[a-z-]*:ssm:[a-z0-9-]*:\d{0,12}:(document|automation-definition)\/)?[A-Za-z0-9_.:/-]{3,128}$/;

/** One schema per action type: each validates its own parameters and rejects unknown keys. */
export const ACTION_SCHEMAS = {
  'force-new-deployment': z.strictObject({ type: z.literal('force-new-deployment'), ...guards }),
  rollback: z.strictObject({ type: z.literal('rollback'), ...guards }),
  scale: z
    .strictObject({ type: z.literal('scale'), ...guards, to: count.min(0).optional(), by: count.refine((n) => n !== 0, { message: 'expected a change other than 0' }).optional(), min: count.min(0), max: count.min(1) })
    .superRefine((action, ctx) => {
      if ((action.to === undefined) === (action.by === undefined)) ctx.addIssue({ code: 'custom', message: 'a scale action sets "to" (a desired count) or "by" (a signed change), exactly one of them' });
      if (action.min > action.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${action.min}) must not exceed max (${action.max})` });
      if (action.to !== undefined && (action.to < action.min || action.to > action.max)) ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${action.to}) must lie within min (${action.min}) and max (${action.max})` });
    }),
  'stop-task': z.strictObject({ type: z.literal('stop-task'), ...guards, reason: z.string().min(1).max(255).optional() }),
  'drain-instance': z.strictObject({ type: z.literal('drain-instance'), ...guards }),
  invoke: z
    .strictObject({
      type: z.literal('invoke'),
      ...guards,
      function: z.string().regex(FUNCTION, { message: 'expected a Lambda function name or ARN' }).optional(),
      document: z.string().regex(DOCUMENT, { message: 'expected an SSM Automation document name or ARN' }).optional(),
      parameters: z.record(z.string().min(1), z.array(z.string())).optional(),
    })
    .superRefine((action, ctx) => {
      if ((action.function === undefined) === (action.document === undefined)) ctx.addIssue({ code: 'custom', message: 'an invoke action names a Lambda "function" or an SSM Automation "document", exactly one of them' });
      if (action.parameters !== undefined && action.document === undefined) ctx.addIssue({ code: 'custom', path: ['parameters'], message: '"parameters" are for an SSM Automation "document"' });
    }),
} as const satisfies { [T in ActionType]: z.ZodType };

/** An action: its `type` picks the schema that checks the rest. */
export const ACTION_SCHEMA: z.ZodType<ActionConfig> = z.discriminatedUnion(
  'type',
  [ACTION_SCHEMAS['force-new-deployment'], ACTION_SCHEMAS.rollback, ACTION_SCHEMAS.scale, ACTION_SCHEMAS['stop-task'], ACTION_SCHEMAS['drain-instance'], ACTION_SCHEMAS.invoke],
  { message: `expected an action "type": one of ${ACTION_TYPES.map((t) => `"${t}"`).join(', ')}` },
) as z.ZodType<ActionConfig>;

/** Keys an action of any type may have, for "did you mean" hints when its type is unknown. */
export const ACTION_KEYS = ['type', ...Object.keys(guards), 'to', 'by', 'min', 'max', 'reason', 'function', 'document', 'parameters'] as const;

/** The keys one action type's schema takes. */
export const actionKeysOf = (schema: (typeof ACTION_SCHEMAS)[ActionType]): readonly string[] => Object.keys(schema.shape);
