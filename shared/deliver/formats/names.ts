/*
 * Resource names as a short line shows them. CloudFormation names what a template leaves
 * unnamed `<stack>-<logical id>-<random suffix>`, and the CDK adds an 8-digit hash to the
 * logical id, so a cluster reads `Demo01-ClusterEB0386A7-sCRgDrfn5BP9`: in a subject line such
 * names crowd out what failed. The readable part (`Demo01-Cluster`) is unique within an account
 * (a stack has one resource per logical id), so it is what a subject shows; the body keeps the
 * full names.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
 * @see https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers_logical_ids
 */

/** Text cut inside a name; ASCII, as SNS subjects must be. */
export const NAME_ELLIPSIS = '...';

/**
 * Whether a name's last part is a CloudFormation random suffix rather than a word: mixed case
 * or digits with several capitals (`sCRgDrfn5BP9`, `EfyMIBhdCKVk`, `1X2Y3Z4W5V6U`), not a
 * CamelCase word (`ProductionEnv`).
 */
const looksGenerated = (suffix: string): boolean => {
  const upper = suffix.replace(/[^A-Z]/g, '').length;
  const lower = suffix.replace(/[^a-z]/g, '').length;
  const digits = suffix.replace(/[^0-9]/g, '').length;
  return (upper >= 3 && lower + digits >= 1) || (digits >= 2 && upper >= 1);
};

/** `<logical part><8 hex digits>-<12 or 13 random>` (CDK), with or without a `-` before the hash. */
const CDK_NAME = /^(.*?[A-Za-z0-9])-?[0-9A-F]{8}-([A-Za-z0-9]{12,13})$/;
/** `<stack>-<logical id>-<12 or 13 random>` (CloudFormation). */
const CFN_NAME = /^(.+-.+)-([A-Za-z0-9]{12,13})$/;
/** A CDK logical id as a name, with no CloudFormation suffix: `Demo01TaskDef5C2B1A0D`. */
const CDK_LOGICAL_ID = /^(.*[a-z])[0-9A-F]{8}$/;

/**
 * A generated name without its generated parts: `Demo01-ClusterEB0386A7-sCRgDrfn5BP9` ->
 * `Demo01-Cluster`, `Demo01-Service-EfyMIBhdCKVk` -> `Demo01-Service`, `Demo01TaskDef5C2B1A0D`
 * -> `Demo01TaskDef`. Any other name is returned as it is.
 */
export const readableName = (name: string): string => {
  const cdk = CDK_NAME.exec(name);
  if (cdk?.[1] !== undefined && cdk[2] !== undefined && looksGenerated(cdk[2])) return cdk[1];
  const cfn = CFN_NAME.exec(name);
  if (cfn?.[1] !== undefined && cfn[2] !== undefined && looksGenerated(cfn[2])) return readableName(cfn[1]);
  const logical = CDK_LOGICAL_ID.exec(name);
  return logical?.[1] ?? name;
};

/** `payments-...-blue`: the name cut in the middle to `max` characters, its start and end kept. */
export const middleEllipsis = (name: string, max: number): string => {
  if (name.length <= max) return name;
  if (max <= NAME_ELLIPSIS.length) return name.slice(0, Math.max(0, max));
  const room = max - NAME_ELLIPSIS.length;
  const head = Math.ceil(room / 2);
  return `${name.slice(0, head)}${NAME_ELLIPSIS}${name.slice(name.length - (room - head))}`;
};

/** The parts of a scope (`cluster/service`, `cluster/daemon:name`) and the separators between them. */
const SCOPE_PARTS = /([/:])/;

/** A scope with each generated name made readable: `Demo01-Cluster/Demo01-Service`. */
export const readableScope = (scope: string): string => scope.split(SCOPE_PARTS).map((part, i) => (i % 2 === 1 ? part : readableName(part))).join('');

/** Shortest a name is cut to in a scope: a few characters each side of the ellipsis. */
const MIN_PART_LENGTH = NAME_ELLIPSIS.length + 5;

/**
 * A scope within `max` characters, separators kept, each name cut in the middle (its prefix,
 * often the stack, and its end both show): the cluster first, down to a few characters, so the
 * service, the most specific name and the last, keeps the most (`Dem...er/Demo01-Service`);
 * when even that does not fit, the whole scope is cut in the middle.
 */
export const fitScope = (scope: string, max: number): string => {
  if (scope.length <= max) return scope;
  const parts = scope.split(SCOPE_PARTS);
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i] ?? '';
    const excess = parts.join('').length - max;
    if (excess <= 0) break;
    const floor = i === parts.length - 1 ? MIN_PART_LENGTH : Math.min(part.length, MIN_PART_LENGTH);
    parts[i] = middleEllipsis(part, Math.max(floor, part.length - excess));
  }
  const cut = parts.join('');
  return cut.length <= max ? cut : middleEllipsis(scope, max);
};
