import type { EcsApiFailure } from '../events';
import { signatureOf } from './fingerprint';

/** What a RunTask or StartTask failure reason means, for the summary and the hint. */
export interface PlacementReason {
  /** The reason as ECS sent it (`RESOURCE:MEMORY`, or a sentence). */
  reason: string;
  /** Plain words: "no container instance has enough free memory" for `RESOURCE:MEMORY`; a sentence is its own words. */
  words: string;
  /** A code (`RESOURCE:MEMORY`, `AGENT`), as opposed to a sentence ECS wrote. */
  coded: boolean;
  hint: string;
}

interface ReasonRule {
  words: string;
  hint: string;
}

const CAPACITY_HINT =
  'Add capacity (the Auto Scaling group or capacity provider behind the cluster, and its maximum size), or lower the reservation in the task definition; a task larger than every instance type of the cluster can never be placed.';

/**
 * The coded reasons of the ECS API failure reasons page. `RESOURCE:*` is a resource no
 * container instance has free; the others say why the instance ECS tried could not take it.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
 */
const CODED: Readonly<Record<string, ReasonRule>> = {
  'RESOURCE:MEMORY': { words: 'no container instance has enough free memory', hint: CAPACITY_HINT },
  'RESOURCE:CPU': { words: 'no container instance has enough free CPU', hint: CAPACITY_HINT },
  'RESOURCE:GPU': { words: 'no container instance has enough free GPUs', hint: CAPACITY_HINT },
  'RESOURCE:PORTS': {
    words: 'the host ports the task maps are taken on every container instance',
    hint: 'A static host port allows one such task per instance: use dynamic host ports (hostPort 0) or awsvpc networking, or add instances.',
  },
  'RESOURCE:ENI': {
    words: 'no container instance has a network interface free for an awsvpc task',
    hint: 'Each awsvpc task takes an elastic network interface: turn on ENI trunking (awsvpcTrunking), use larger instance types, or add instances.',
  },
  AGENT: {
    words: 'the ECS agent of the container instance is disconnected',
    hint: 'ECS refuses the placement rather than wait for the agent: check the agent on that instance (/var/log/ecs, the ecs service) and its network path to the ECS endpoints, or drain and replace the instance.',
  },
  ATTRIBUTE: {
    words: 'no container instance has an attribute the task requires',
    hint: 'The task definition or a placement constraint requires an attribute (a capability such as ecs.capability.secrets.asm, a platform, an instance type, a custom attribute) no registered instance has: compare the task definition\'s requiresAttributes with `aws ecs list-attributes`.',
  },
  LOCATION: {
    words: 'the container instance is not in an Availability Zone of the task\'s subnets',
    hint: 'An awsvpc task must run in an Availability Zone of its subnets: fix the network configuration of the call, or add instances in those zones.',
  },
  MISSING: {
    words: 'the cluster or container instance of the call was not found',
    hint: 'Check the cluster name and Region the job uses, and that the cluster has registered container instances.',
  },
};

/**
 * Sentences ECS sends as reasons (capacity providers, Fargate capacity, quotas, constraints):
 * already plain words, quoted as they are; what they say picks the hint.
 */
const PHRASES: readonly { pattern: RegExp; hint: string }[] = [
  {
    pattern: /capacity is unavailable/i,
    hint: 'Fargate or Spot capacity ran short: the job can be retried; give the task subnets in more Availability Zones, or add an on-demand capacity provider to the strategy.',
  },
  {
    pattern: /capacity provider/i,
    hint: 'Check the capacity provider strategy of the call and the cluster\'s capacity providers: their status, managed scaling, the Auto Scaling group\'s maximum size.',
  },
  {
    pattern: /placement constraint/i,
    hint: 'Relax the constraint (its memberOf expression, distinctInstance) or add instances that meet it.',
  },
  {
    pattern: /limit|quota|exceeded/i,
    hint: 'Check Service Quotas (tasks in the PROVISIONING state per cluster, Fargate vCPUs) and ask for an increase, or spread the launches.',
  },
];

const describeReason = (reason: string): ReasonRule & { coded: boolean } => {
  if (Object.hasOwn(CODED, reason)) return { ...(CODED[reason] as ReasonRule), coded: true };
  if (reason.startsWith('RESOURCE:')) {
    return { words: `no container instance has enough free ${reason.slice('RESOURCE:'.length).toLowerCase()}`, hint: CAPACITY_HINT, coded: true };
  }
  const phrase = PHRASES.find((p) => p.pattern.test(reason));
  return { words: reason, hint: phrase?.hint ?? 'See the ECS API failure reasons for what this one means.', coded: false };
};

/**
 * The distinct reasons of a call's failures, in the order ECS listed them (it lists one per
 * container instance it tried, so the same reason often repeats).
 */
export const placementReasonsOf = (failures: readonly EcsApiFailure[]): PlacementReason[] =>
  [...new Set(failures.map((f) => f.reason ?? 'no reason given'))].map((reason) => ({ reason, ...describeReason(reason) }));

/** A reason in a summary: a code in plain words, then the code; a sentence as ECS wrote it. */
export const reasonText = ({ reason, words, coded }: PlacementReason): string => (coded ? `${words} (${reason})` : reason.replace(/\.$/, ''));

/** The failure signature of a set of reasons: codes as they are, sentences without their ids. */
export const reasonsSignature = (reasons: readonly PlacementReason[]): string =>
  reasons.map((r) => (r.coded ? r.reason : signatureOf(r.reason))).sort().join('+');
