import { z } from 'zod';
import { type HistoryConfig, MAX_HISTORY_RETENTION_DAYS, parseRetentionDays } from './history';

/** The schema of `history:`. */
export const HISTORY_SCHEMA: z.ZodType<HistoryConfig> = z.strictObject({
  archive: z.boolean({ message: 'expected true or false' }).optional(),
  retention: z
    .string({ message: `expected whole days such as "30d" (1d to ${MAX_HISTORY_RETENTION_DAYS}d)` })
    .refine((text) => parseRetentionDays(text) !== undefined, { message: `expected whole days such as "30d" (1d to ${MAX_HISTORY_RETENTION_DAYS}d)` })
    .optional(),
});

/** Keys of `history:`, for "did you mean" hints. */
export const HISTORY_KEYS = ['archive', 'retention'] as const;
