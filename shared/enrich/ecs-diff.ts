import type { ContainerDefinitionContext, DeploymentChange, TaskDefinitionContext } from './types';

const UNSET = 'unset';

// A digest is 64 hex characters; 12 identify it in a chat line as `docker images` does.
const DIGEST = /@sha256:([0-9a-f]{12})[0-9a-f]{52}$/;

/** An image reference for a change line: digests shortened, everything else as written. */
const showImage = (image: string | undefined): string => (image === undefined ? UNSET : image.replace(DIGEST, '@sha256:$1'));

const show = (value: string | number | undefined): string => (value === undefined ? UNSET : String(value));

const changed = (label: string, from: string | number | undefined, to: string | number | undefined): string[] =>
  from === to ? [] : [`${label}: ${show(from)} -> ${show(to)}`];

const containerChanges = (from: ContainerDefinitionContext, to: ContainerDefinitionContext): string[] => {
  const name = to.name;
  const before = new Set(from.environmentNames);
  const after = new Set(to.environmentNames);
  const added = [...after].filter((variable) => !before.has(variable)).sort();
  const removed = [...before].filter((variable) => !after.has(variable)).sort();
  return [
    ...(from.image === to.image ? [] : [`image ${name}: ${showImage(from.image)} -> ${showImage(to.image)}`]),
    ...changed(`cpu ${name}`, from.cpu, to.cpu),
    ...changed(`memory ${name}`, from.memory, to.memory),
    ...changed(`memoryReservation ${name}`, from.memoryReservation, to.memoryReservation),
    ...(added.length === 0 ? [] : [`env added ${name}: ${added.join(', ')}`]),
    ...(removed.length === 0 ? [] : [`env removed ${name}: ${removed.join(', ')}`]),
  ];
};

/**
 * What changed between two task definitions, one line per change: images (tag or digest),
 * task-level cpu/memory, container-level cpu/memory/memoryReservation, containers added or
 * removed, and the NAMES of environment variables added or removed (values are never read,
 * so a secret in plain environment cannot leak into an alert).
 * @example
 * diffTaskDefinitions(previous, current).changes
 * // ['image app: repo:1.4 -> repo:1.5', 'memory: 512 -> 1024', 'env added app: FEATURE_X']
 */
export const diffTaskDefinitions = (from: TaskDefinitionContext, to: TaskDefinitionContext): DeploymentChange => {
  const previous = new Map(from.containers.map((container) => [container.name, container]));
  const current = new Set(to.containers.map((container) => container.name));
  const changes = [
    ...changed('cpu', from.cpu, to.cpu),
    ...changed('memory', from.memory, to.memory),
    ...to.containers.flatMap((container) => {
      const before = previous.get(container.name);
      return before === undefined ? [`container added: ${container.name} (${showImage(container.image)})`] : containerChanges(before, container);
    }),
    ...from.containers.filter((container) => !current.has(container.name)).map((container) => `container removed: ${container.name}`),
  ];
  return { from: from.arn, to: to.arn, changes };
};
