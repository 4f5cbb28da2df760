import { z } from 'zod';
import { INSTANCE_LOG_LINES, INSTANCE_LOG_PLACEHOLDERS, type InstanceLogsConfig, unknownPlaceholders } from './instance-logs';

// Log group names: 1 to 512 of these characters (they become IAM resource ARNs).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
const GROUP = /^[A-Za-z0-9_./#-]{1,512}$/;
// Stream names: 1 to 512 characters, no ':' or '*'.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
const STREAM = /^[^:*]{1,512}$/;

const placeholders = INSTANCE_LOG_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');

/** The schema of `enrich.instance_logs`: `false`, or where the instance logs are. */
export const INSTANCE_LOGS_SCHEMA: z.ZodType<InstanceLogsConfig | false> = z.union(
  [
    z.literal(false),
    z.strictObject({
      groups: z.array(z.string().regex(GROUP, { message: 'expected a log group name such as "/var/log/ecs/ecs-agent.log": letters, digits, "_", "-", ".", "/" or "#" (at most 512)' })).min(1).optional(),
      stream: z
        .string()
        .regex(STREAM, { message: 'expected a log stream name template (at most 512 characters, no ":" or "*")' })
        .superRefine((template, ctx) => {
          const unknown = unknownPlaceholders(template);
          if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}; a stream template may use ${placeholders}` });
          else if (!/\{[a-z_]+\}/.test(template)) ctx.addIssue({ code: 'custom', message: `a stream template names each instance's stream: use ${placeholders}` });
        })
        .optional(),
      lines: z.number().int({ message: 'expected a whole number of lines' }).min(1).max(INSTANCE_LOG_LINES.max, { message: `at most ${INSTANCE_LOG_LINES.max} lines per stream` }).optional(),
    }),
  ],
  { message: 'expected false, or a mapping with groups, stream and lines' },
);

/** Keys of `enrich.instance_logs`, for "did you mean" hints. */
export const INSTANCE_LOGS_KEYS = ['groups', 'stream', 'lines'] as const;
