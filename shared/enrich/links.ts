import type { Alert, Labels } from '../normalize';
import type { ConsoleLink } from './types';

/**
 * AWS console deep links, built from an alert's labels alone (no AWS call), so the event-only
 * provider and the CLI get them too.
 *
 * Every label comes from event content, which is untrusted: each path component is
 * percent-encoded (RFC 3986 strict, so `!'()*` are encoded too and a link survives Markdown and
 * Slack `<url|text>` syntax), and the region, which becomes part of the host name, must look like
 * a region or no link is made.
 */

// us-east-1, eu-central-2, ap-southeast-5, us-gov-west-1, cn-northwest-1, il-central-1 ... (the Region
// codes listed in https://docs.aws.amazon.com/general/latest/gr/mgmt-console.html)
const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** True when `region` has the shape of an AWS Region code (safe to put in a host name). */
export const isRegionCode = (region: string | undefined): region is string => region !== undefined && REGION_PATTERN.test(region);

/**
 * The console origin for a Region: the Regional console endpoint `https://<region>.console.aws.amazon.com`
 * (https://docs.aws.amazon.com/general/latest/gr/mgmt-console.html). The China Regions
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/general-info.html: domain amazonaws.cn) and
 * AWS GovCloud (US) (https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud.html:
 * "endpoints are different") have their own console domains, `console.amazonaws.cn` and
 * `console.amazonaws-us-gov.com`, with the same Regional sub-domains.
 */
export const consoleOrigin = (region: string): string => {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
};

/** Characters no encoding changes (RFC 3986 unreserved): most names are made of these alone. */
const UNRESERVED_ONLY = /^[A-Za-z0-9._~-]*$/;

/** `encodeURIComponent`, plus the sub-delimiters it leaves alone (`!'()*`). */
const encodeComponent = (value: string): string =>
  UNRESERVED_ONLY.test(value) ? value : encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The CloudWatch console's own encoding of a path component inside its `#logsV2:` fragment:
 * percent-encode twice, then write `%` as `$`, so `/` becomes `$252F` (`/` -> `%2F` -> `%252F`
 * -> `$252F`) and `$` becomes `$2524`. This is what the console itself puts in the address bar
 * when a log stream is opened; the single-encoded `%2F` form also opens, but the console
 * rewrites it. Output characters are `[A-Za-z0-9$._~-]` only, so nothing can break out of the
 * fragment.
 */
export const encodeConsoleFragmentComponent = (value: string): string => encodeComponent(encodeComponent(value)).replace(/%/g, '$');

/** A path segment; `.` and `..` are dot-encoded, so a browser cannot resolve them away (RFC 3986 §5.2.4). */
const encodeSegment = (value: string): string => (value === '.' || value === '..' ? value.replace(/\./g, '%2E') : encodeComponent(value));

/** `https://<region>.console.../ecs/v2/<path>?region=<region>` (ECS console v2). */
const ecsUrl = (region: string, path: readonly string[]): string =>
  `${consoleOrigin(region)}/ecs/v2/${path.map(encodeSegment).join('/')}?region=${region}`;

/** `https://<region>.console.../cloudwatch/home?region=<region>#<fragment>`. */
const cloudWatchUrl = (region: string, fragment: string): string => `${consoleOrigin(region)}/cloudwatch/home?region=${region}#${fragment}`;

/** One link kind: the labels it needs and how to build it from them. */
interface LinkRule {
  label: string;
  build: (region: string, labels: Labels) => string | undefined;
}

// Most specific first. AWS does not document console URLs; these are the ECS console v2 shapes the
// console itself shows in its address bar (task tab `configuration`; service tabs `deployments` and
// `events`; cluster tab `services`; `infrastructure/container-instances/<id>`;
// `task-definitions/<family>/<revision>/containers`).
const LINK_RULES: readonly LinkRule[] = [
  {
    label: 'alarm',
    build: (region, { alarmName }) => (alarmName === undefined ? undefined : cloudWatchUrl(region, `alarmsV2:alarm/${encodeComponent(alarmName)}`)),
  },
  {
    label: 'task',
    build: (region, { cluster, taskId }) =>
      cluster === undefined || taskId === undefined ? undefined : ecsUrl(region, ['clusters', cluster, 'tasks', taskId, 'configuration']),
  },
  {
    label: 'container instance',
    build: (region, { cluster, containerInstance }) =>
      cluster === undefined || containerInstance === undefined
        ? undefined
        : ecsUrl(region, ['clusters', cluster, 'infrastructure', 'container-instances', containerInstance]),
  },
  {
    label: 'service deployments',
    build: (region, { cluster, service }) =>
      cluster === undefined || service === undefined ? undefined : ecsUrl(region, ['clusters', cluster, 'services', service, 'deployments']),
  },
  {
    label: 'service events',
    build: (region, { cluster, service }) =>
      cluster === undefined || service === undefined ? undefined : ecsUrl(region, ['clusters', cluster, 'services', service, 'events']),
  },
  {
    label: 'task definition',
    build: (region, { taskDefinitionFamily: family, taskDefinitionRevision: revision }) =>
      family === undefined
        ? undefined
        : ecsUrl(region, revision === undefined ? ['task-definitions', family] : ['task-definitions', family, revision, 'containers']),
  },
  {
    label: 'cluster',
    build: (region, { cluster }) => (cluster === undefined ? undefined : ecsUrl(region, ['clusters', cluster, 'services'])),
  },
];

/**
 * Console deep links for an alert: only those whose labels are present (a cluster alert gets
 * no task link). No links without a valid `region` label.
 *
 * @example
 * ```ts
 * consoleLinks(alert);
 * // [{ label: 'task', url: 'https://us-west-2.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/3da3.../configuration?region=us-west-2' }, ...]
 * ```
 */
export const consoleLinks = (alert: Alert): ConsoleLink[] => {
  const { region } = alert.labels;
  if (!isRegionCode(region)) return [];
  const links: ConsoleLink[] = [];
  for (const rule of LINK_RULES) {
    const url = rule.build(region, alert.labels);
    if (url !== undefined) links.push({ label: rule.label, url });
  }
  return links;
};

/**
 * A link to one log stream in the CloudWatch console (`logsV2:log-groups/log-group/<group>/log-events/<stream>`,
 * both in the console's `$252F` encoding). When `region` is not a Region code, the link uses the
 * global console origin without a region, which opens in the user's current Region.
 */
export const logStreamLink = (region: string, group: string, stream: string): ConsoleLink => {
  const fragment = `logsV2:log-groups/log-group/${encodeConsoleFragmentComponent(group)}/log-events/${encodeConsoleFragmentComponent(stream)}`;
  const url = isRegionCode(region) ? cloudWatchUrl(region, fragment) : `https://console.aws.amazon.com/cloudwatch/home#${fragment}`;
  return { label: 'log stream', url };
};
