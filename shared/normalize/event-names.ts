import type { Category, Severity } from './constants';

/** What an eventName (service action, deployment, hook, daemon event) means for an alert. */
export interface EventNameRule {
  category: Category;
  /** @default the category's usual severity */
  severity?: Severity;
  headline: string;
  hint: string;
}

/**
 * The rule an eventName table has for `eventName`. The name comes from the event, so a plain
 * index would find `constructor`, `toString` or `__proto__` on Object.prototype: own keys only.
 */
export const ruleFor = <R>(table: Readonly<Record<string, R>>, eventName: string): R | undefined =>
  Object.hasOwn(table, eventName) ? table[eventName] : undefined;

/**
 * An eventName with no rule yet: AWS adds them. Reported as `other`, a warning when ECS calls
 * it WARN or ERROR, with ECS's own words in the summary.
 */
export const unknownEventName = (eventName: string, eventType: string | undefined): EventNameRule => ({
  category: 'other',
  severity: eventType === 'ERROR' || eventType === 'WARN' || eventType === 'WARNING' ? 'warning' : 'info',
  headline: `${eventName} (${eventType ?? 'no eventType'})`,
  hint: `ECS sent eventName ${eventName}, which ecs-herald has no rule for yet; its eventType is ${eventType ?? 'absent'}. See the ECS events documentation.`,
});
