import type { Notification } from '../../shared/deliver';

/*
 * Planted secrets: credentials in the shapes real ones have, in the places they reach an
 * alert: container log lines (the log tail) and the event's own text (container reasons, the
 * stopped reason, a deployment's reason, `startedBy`), plus what later stages add (tags,
 * service events, stopped tasks, digests, resolutions, a noise-control error). Every value is
 * made up; the token shapes follow the rules of the gitleaks secret scanner
 * (https://github.com/gitleaks/gitleaks, config/gitleaks.toml) and AWS's documented formats.
 *
 * A case lists every secret it plants; none of them may reach a rendered message.
 */

/** Lines a container printed, as the log tail carries them (oldest first). */
export interface LogSecretCase {
  case: string;
  lines: string[];
  secrets: string[];
}

/** A secret in the event itself: `plant` edits the raw event fixture before it is parsed. */
export interface EventSecretCase {
  case: string;
  fixture: string;
  plant: (detail: Record<string, unknown>) => void;
  secrets: string[];
}

/** A secret in what a later stage adds to the alert (enrichment, noise control). */
export interface NotificationSecretCase {
  case: string;
  fixture: string;
  plant: (alert: Notification) => void;
  secrets: string[];
}

// AWS credentials: key ids are AKIA/ASIA + 16 base-32 characters; secret access keys are 40
// characters of base 64. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
const AWS = [
  { id: 'AKIAULQUYFHOYLIW5PKA', secret: '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' },
  { id: 'ASIASJWPOH6L6HW4XLVQ', secret: 'nWyIVvjtjjj+hR85BtboiDn6XexPiBU/Ls68OA/M' },
  { id: 'AKIACSDRUDK5ZSE72WYH', secret: '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' },
] as const;
const [AWS1, AWS2, AWS3] = AWS;
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQkC+YmukuzcqCSf3BFh/Dw1nQwWT3lPhfIh1rr0k33IUS6cPb/GqktnB0DV46qJgjYQ+FfVyfVlRVSbpgY6PBMEo482lPHp2qJhu19cBRiE1jLcXsFxCmOYRt5sZ/Bv5ZYmEp==';

/** Provider tokens, one per gitleaks rule id. */
export const PROVIDER_TOKENS = {
  'github-pat': 'ghp_O5YPpiB3q4hRuW6Ls04hyM5nxjhM4JoZXsbO',
  'github-oauth': 'gho_PjPqDQKtlEo97rAd30G6HIlV2vha4OQFPkuY',
  'github-app-token': 'ghs_gOZ4YcXfYNASbIs54HpFjaNZYn51eDyDBBVs',
  'github-fine-grained-pat': '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',
  'gitlab-pat': 'glpat-IRc22wu_IT-Ml8j_ZHy_',
  'gitlab-deploy-token': 'gldt-VgOI1gO3qJ3kbQFTWrMq',
  'gitlab-runner-authentication-token': 'glrt-0johUfZppkgpXiJHz0H8',
  'gitlab-ptt': 'glptt-f812c9484aba3d448d819048ea5461a32ec57e8f',
  'slack-bot-token': 'xoxb-121550145984-9068696408218-XdbnxvsGPmdAsXiPTdURTyYb',
  'slack-user-token': 'xoxp-762134071538-337129654841-3460592910274-25cd8e105e6cb727c74d0a8fa8414c1a',
  'slack-app-token': 'xapp-1-AW9JG3YDIZ8-7048824601274-e42b33fc3b06f9ccadf966589272999e8911f25ef482db259c48ca4544c9eb25',
  'slack-webhook-url': 'https://hooks.slack.com/services/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',
  'stripe-access-token (live secret key)': 'sk_live_9EdudryOYSKDTYBu53KoWz9X',
  'stripe-access-token (restricted key)': 'rk_live_RIahP23De1NazFNvBAxS1bFj',
  'stripe-access-token (test key)': 'sk_test_JodfpJbOvtWcOvOPSuR0PoEdtWpQyF00h9alCg9Bt1C2Td160r',
  'npm-access-token': 'npm_e73kSmYTTySgWu1eTM2FxaEExiFLdrwbpQzn',
  'twilio-api-key': 'SK715a39a14e1b214ea52395badb8cc52b',
  'sendgrid-api-token': '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',
  'gcp-api-key': 'AIza4qOXvdqNocfJz9c3T1ieEcYTXCf05SK1_nB',
  'openai-api-key': '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',
  'anthropic-api-key': 'sk-ant-api03-lWybBtBxlPk4AaYLZPqzy4z_DMA3nnuOF_aejluAKMalfohpzwyW8hZM9XqtXBtjYrjCE6fsPXuFXG9On_QpQmmfkLjYRAA',
  'shopify-access-token': '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',
  'digitalocean-pat': 'dop_v1_543db4ba9b7d9b4ecb79d4bae39338a37f517052bfe24b4b542b0fcf7e00b3ad',
  'vault-service-token': 'hvs.z-QZ8eW9iFnJT9fmjlLq-BRklmGOPghcSQN_8kmJBMowY3wprvJku4hCdkuSBJ0K4mC4VwrcSo8_fdkFMAwrcmvDK1aq3B_',
  'pypi-upload-token': 'pypi-AgEIcHlwaS5vcmcDVYzTHha1MuB1nVwxUm-6-dt_JjuUACt-kAMVr3qTwhJot8jrCduaC5-KlO2',
  'huggingface-access-token': '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',
  'databricks-api-token': 'dapi556f40c6726885b9f801c4f31309187e',
  'doppler-api-token': 'dp.pt.PC0sGNuNyyfZynOx5rAc7OPzXR2uj8PBQ9TYaLZ9Ugu',
  'linear-api-key': 'lin_api_Qgz8qq0DhBoevJMAcviNs7NBmlSy8G3G3MjA4JFO',
  'postman-api-token': 'PMAK-a05b0bc7a793eb30d814d9f1-d6474a5362293ff975534a716449cb07d0',
  'pulumi-api-token': 'pul-1082d39d543fda28ba61ad92e0439e9f0f4646e7',
  'rubygems-api-token': 'rubygems_3eeac2471b51d164dea62691870661c2e6f2a691d599fb51',
  'grafana-service-account-token': 'glsa_ttdXpbtpqaUaJw8sZogAE60WLo2TGhYj_e9bc340b',
  'sentry-user-token': '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',
  'age-secret-key': 'AGE-SECRET-KEY-1XN5R699FZHGGRWVAYMAJFQYF8DFT2K84UU5H2GFRSPA3LVDT62HJE28YSG',
  'heroku-api-key-v2': 'HRKU-AA10mVxN3UjHJCx0korJwlHMJnHKtC2bbP1u1lY8O9Upy_io0RHCYuH_W4a3',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6InBheW1lbnRzIiwiaWF0IjoxNzE2MjAwMDAwfQ.BvWQbGdF463XP1x1V_bZt3kEi9nL-b7TGB0PgPnBQMI',
} as const;

const T = PROVIDER_TOKENS;
const JWT_RS256 =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJhdWQiOiJhcGkifQ.pHIn4mVCadEdsSFvc8MyugKRaV62l_kmwmZm1CkA6cnrRHHU1LrQORcHPdtL1VZjzHl-ent2c_yQy-RF7m6noU';

// PEM key bodies: base 64, 64 characters a line.
const PEM_A = [
  'axNXS3iWBIZp5V2Ik0pVwbFDHaXWSEjpRN+b3NQ8/CEZu5sypEjsQZ2TmFkawNLH',
  'fBSXHHten0TXDO3aBuwcaf20SR8wcDMeMo7vTkA1Tw/d3twVcjmtravw2zD31+KY',
  'pavKgMsEww2fOg2emzlFar2Of/OsapLm4nfYQni7Pe96HB2OINVBuIpW2KwR2GlS',
  'mEurbI2dAA30n+fU3tqqwq3jlDVkLp4Zykg+13LE+sCdMVnjRL31tF1JAWj3JG+P',
  'zXIxChT9CVsqTezyD0S8QcQSVaLDksp1FBYKGWblzQkKfYPoeIBzDB8zEK0cgR5H',
  '8AbrmsF2anuLomB7K7CFubXex/EMg0oi0fJT+lsj==',
];
const PEM_B = [
  'ipm0VATDaDciej0NiaOQlHoynp4CKy8aLivpR2QY+Ktwzjpch/dhLIrkASdQf81I',
  'qjyFGhFUvl9xvwgTWNuGacGMEVGjzqKOiOQfRgNv8zNIQIMeSQyLy8icvaUCOKdO',
  'SMPlvh2xQXj4DEyd+gVh08eIS43WKNC5XvgDIME7Ja25YyDFEJu3dRTnKjm/Wn/E',
  'TVcl152/LSovjQoR3LPsjUYn24f0fUqYl7T1uj2BeOkmjO9cfxeUpJiJjw73URmj',
  'R4d0v85hIIJ578PBAhcuufTr=',
];
const PEM_C = [
  'yvXzc0ZJza6qTFOofab6A/wd9ffkqYiKP+mikCaJRSa6Fmrbs/kfL4Xc0AwNeYuy',
  'wkIWdZYf/50RfpwSDbRayiRMlYmgahLwi9Z1ajHM1ByB84zqDZ6xqBhWShEFuZXc',
  'xEAjDZF8VX+KCK8Pbfznao/VJWNxUCNNI1iKnVBq6aZKHISPqyARbfQA6ZMCArcW',
];

/** Secrets in container log lines: the shapes applications really print them in. */
export const LOG_SECRET_CASES: LogSecretCase[] = [
  // AWS credentials printed without a key name.
  { case: 'bare AWS key pair, space separated', lines: [`loaded credentials ${AWS1.id} ${AWS1.secret} from env`], secrets: [AWS1.id, AWS1.secret] },
  { case: 'bare AWS key pair, colon separated', lines: [`boto: using ${AWS2.id}:${AWS2.secret}`], secrets: [AWS2.id, AWS2.secret] },
  { case: 'AWS key pair as a CSV row', lines: ['User name,Access key ID,Secret access key', `deployer,${AWS3.id},${AWS3.secret}`], secrets: [AWS3.id, AWS3.secret] },
  { case: 'AWS_SESSION_TOKEN in an env dump', lines: [`AWS_SESSION_TOKEN=${SESSION_TOKEN}`], secrets: [SESSION_TOKEN] },
  // Passwords in prose and in command-line flags.
  { case: 'password followed by the value', lines: ['db login failed: password xCALnhUO2QGc5Y rejected for app'], secrets: ['xCALnhUO2QGc5Y'] },
  { case: 'Password is ...', lines: ['Generated admin user. Password is 6lMCQ4T4ZmYoLn (change it)'], secrets: ['6lMCQ4T4ZmYoLn'] },
  { case: 'the password was ...', lines: ["retrying with the password was 'ygS3Y9dGHd5ngC'"], secrets: ['ygS3Y9dGHd5ngC'] },
  { case: '--password flag', lines: ['exec: /usr/bin/pg_dump --host db --password htN5rowp8gKdk7 --dbname orders'], secrets: ['htN5rowp8gKdk7'] },
  { case: '--password= flag', lines: ['running redis-cli --password=9SY6lnUithzRYx ping'], secrets: ['9SY6lnUithzRYx'] },
  { case: '--db-pass flag', lines: ['starting ./server --db-pass NBKvtpJJKZyRuB --port 8080'], secrets: ['NBKvtpJJKZyRuB'] },
  { case: 'passphrase in prose', lines: ['unlocking keystore with passphrase "c0Y2PYBSlymzuj"'], secrets: ['c0Y2PYBSlymzuj'] },
  // Keys that do not end with the keyword.
  { case: 'DB_PASS=', lines: ['env: DB_HOST=db.internal DB_PASS=lIk9YRzj5j6fkP DB_USER=app'], secrets: ['lIk9YRzj5j6fkP'] },
  { case: 'REDIS_PASS=', lines: ['REDIS_PASS=IiNuYxe1Ku2tLM'], secrets: ['IiNuYxe1Ku2tLM'] },
  { case: 'pass=', lines: ['ldap bind user=svc-ldap pass=PS8a402SxCZHRe'], secrets: ['PS8a402SxCZHRe'] },
  { case: 'SECRET_KEY_BASE=', lines: ['SECRET_KEY_BASE=6f1c0e1b3a2d9f8e7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d'], secrets: ['6f1c0e1b3a2d9f8e7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d'] },
  { case: 'DJANGO_SECRET_KEY=', lines: ["DJANGO_SECRET_KEY='nwZr7cZy9Q8w3U-django-insecure-x8'"], secrets: ['nwZr7cZy9Q8w3U-django-insecure-x8'] },
  { case: 'MYSQL_ROOT_PASS in JSON', lines: ['{"MYSQL_ROOT_PASS":"KQm5fgXGQDNOQL","MYSQL_DATABASE":"orders"}'], secrets: ['KQm5fgXGQDNOQL'] },
  { case: 'smtp_pass: YAML', lines: ['smtp_pass: Up55bJfz8JZxh7tadVYwlX37'], secrets: ['Up55bJfz8JZxh7tadVYwlX37'] },
  { case: 'private_key_id and client_secret_value', lines: ['gcp: private_key_id=39d80a45ef67d69f55d254663a64d466 client_secret_value=NSqocWvlmMCM1aT0TawtvIBVMaGC'], secrets: ['39d80a45ef67d69f55d254663a64d466', 'NSqocWvlmMCM1aT0TawtvIBVMaGC'] },
  { case: 'ENCRYPTION_KEY and credentials', lines: ['ENCRYPTION_KEY=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0 credentials=Qk9CU0VDUkVUMTIzNDU2'], secrets: ['Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0', 'Qk9CU0VDUkVUMTIzNDU2'] },
  // Credentials in URLs.
  { case: 'redis URL with an empty user', lines: ['Error: connect ECONNREFUSED redis://:Hx2mQ9vLw7TbZk@cache.internal:6379/0'], secrets: ['Hx2mQ9vLw7TbZk'] },
  { case: 'rediss URL with a user', lines: ['ioredis: rediss://default:Rq8vN3pXs6YtWc@clustercfg.cache.amazonaws.com:6379'], secrets: ['Rq8vN3pXs6YtWc'] },
  { case: 'mongodb+srv URL', lines: ['MongoServerSelectionError for mongodb+srv://orders:Mv4Kp8Zq2Wd6Lj@cluster0.abcde.mongodb.net/orders'], secrets: ['Mv4Kp8Zq2Wd6Lj'] },
  { case: 'amqp URL', lines: ['AMQP connection failed amqp://guest:Ga7Tn3Yx9Pw2Ke@rabbit:5672/'], secrets: ['Ga7Tn3Yx9Pw2Ke'] },
  // Private keys.
  {
    case: 'PEM body whose BEGIN line fell before the tail window',
    lines: [...PEM_A, '-----END RSA PRIVATE KEY-----', 'server listening on :8443'],
    secrets: PEM_A,
  },
  {
    case: 'PEM body at the window start, no END line yet',
    lines: PEM_C,
    secrets: PEM_C,
  },
  {
    case: 'PEM key in full',
    lines: ['loading TLS key', '-----BEGIN PRIVATE KEY-----', ...PEM_B, '-----END PRIVATE KEY-----'],
    secrets: PEM_B,
  },
  {
    case: 'PEM key escaped in one JSON line',
    lines: [`{"private_key":"-----BEGIN PRIVATE KEY-----\\n${PEM_B.slice(0, 2).join('\\n')}\\n-----END PRIVATE KEY-----\\n","client_email":"ci@proj.iam.gserviceaccount.com"}`],
    secrets: PEM_B.slice(0, 2),
  },
  // Provider tokens, bare in prose, one line each.
  ...Object.entries(PROVIDER_TOKENS).map(([rule, token]) => ({ case: `${rule}, bare`, lines: [`upstream rejected credential ${token} (401)`], secrets: [token] })),
  // Provider tokens in assignments and headers.
  { case: 'STRIPE_API_KEY assignment and npmrc auth line', lines: [`STRIPE_API_KEY=${T['stripe-access-token (live secret key)']}`, `//registry.npmjs.org/:_authToken=${T['npm-access-token']}`], secrets: [T['stripe-access-token (live secret key)'], T['npm-access-token']] },
  { case: 'Authorization: Bearer JWT', lines: ['> GET /v1/orders HTTP/1.1', `> Authorization: Bearer ${JWT_RS256}`], secrets: [JWT_RS256] },
  { case: 'Authorization: Basic', lines: ['proxy sent Authorization: Basic ZGVwbG95OjhoMG00UkJvWFVWbEFvWDM='], secrets: ['ZGVwbG95OjhoMG00UkJvWFVWbEFvWDM='] },
  { case: 'X-Api-Key header', lines: ['request headers: X-Api-Key: 5b2f7e8c9d0a1b3c4d5e6f7a8b9c0d1e'], secrets: ['5b2f7e8c9d0a1b3c4d5e6f7a8b9c0d1e'] },
  { case: 'access_token in a query string', lines: ['GET /callback?code=ok&access_token=Zx81Lm0Qp4Rv7Ty2Wn5&state=1 302'], secrets: ['Zx81Lm0Qp4Rv7Ty2Wn5'] },
];

/** Secrets in the event's own text, which no log redaction sees. */
export const EVENT_SECRET_CASES: EventSecretCase[] = [
  {
    case: 'container reason with URL credentials (image pull)',
    fixture: 'ecs-task/stopped-image-pull',
    plant: (d) => {
      const [container] = d.containers as Record<string, unknown>[];
      if (container !== undefined) container.reason = 'CannotPullContainerError: failed to resolve reference "https://ci-bot:Pz4Wq8Lm2Vx6Nc@registry.example.com/app:1.2": not found';
    },
    secrets: ['Pz4Wq8Lm2Vx6Nc'],
  },
  {
    case: 'stoppedReason with password=',
    fixture: 'ecs-task/stopped-unknown-stop-code',
    plant: (d) => {
      d.stoppedReason = 'Task stopped: entrypoint failed: mysql --user=app password=Jd5Rk9Tw3Xm7Qb exited 1';
    },
    secrets: ['Jd5Rk9Tw3Xm7Qb'],
  },
  {
    case: 'stoppedReason with a redis URL (empty user)',
    fixture: 'ecs-task/stopped-essential-exit',
    plant: (d) => {
      d.stoppedReason = 'Essential container in task exited: cannot reach redis://:Fv2Hs6Kz9Lp3Dw@cache:6379';
    },
    secrets: ['Fv2Hs6Kz9Lp3Dw'],
  },
  {
    case: 'container reason with a bare AWS key pair',
    fixture: 'ecs-task/stopped-essential-exit',
    plant: (d) => {
      const [container] = d.containers as Record<string, unknown>[];
      if (container !== undefined) container.reason = `startup: invalid credentials ${AWS1.id} ${AWS1.secret}`;
    },
    secrets: [AWS1.id, AWS1.secret],
  },
  {
    case: 'container reason with a JWT and a GitHub token',
    fixture: 'ecs-task/stopped-oom',
    plant: (d) => {
      const [container] = d.containers as Record<string, unknown>[];
      if (container !== undefined) container.reason = `OutOfMemoryError: Container killed due to memory usage; last request token=${T.jwt} git ${T['github-pat']}`;
    },
    secrets: [T.jwt, T['github-pat']],
  },
  {
    case: 'stoppedReason quoted by the summary (token=)',
    fixture: 'ecs-task/stopped-unknown-stop-code',
    plant: (d) => {
      d.stoppedReason = `Task stopped: deploy hook failed with token=${T['gitlab-pat']}`;
    },
    secrets: [T['gitlab-pat']],
  },
  {
    case: 'startedBy carrying a token (RunTask lets callers set it)',
    fixture: 'ecs-task/stopped-standalone-crashed',
    plant: (d) => {
      d.startedBy = `ci ${T['github-app-token']}`;
    },
    secrets: [T['github-app-token']],
  },
  {
    case: 'deployment reason with a password in prose',
    fixture: 'ecs-deployment/failed',
    plant: (d) => {
      d.reason = 'ECS deployment circuit breaker: task failed to start. Last error: Password is Bn6Yt2Qs8Wk4Zc for user app';
    },
    secrets: ['Bn6Yt2Qs8Wk4Zc'],
  },
  {
    case: 'service action reason with a Stripe key',
    fixture: 'ecs-service-action/task-configuration-failure',
    plant: (d) => {
      d.reason = `ECS was unable to start the task: secret value ${T['stripe-access-token (restricted key)']} is not a valid ARN`;
    },
    secrets: [T['stripe-access-token (restricted key)']],
  },
  {
    case: 'container reason with SECRET_KEY_BASE and an npm token',
    fixture: 'ecs-task/stopped-config-error',
    plant: (d) => {
      const [container] = d.containers as Record<string, unknown>[];
      if (container !== undefined) container.reason = `CannotStartContainerError: exec: "SECRET_KEY_BASE=Hq3Lx7Vb1Nm5Rt9Kw2Pz" npm ci ${T['npm-access-token']}: no such file`;
    },
    secrets: ['Hq3Lx7Vb1Nm5Rt9Kw2Pz', T['npm-access-token']],
  },
];

const oomTail = (alert: Notification): NonNullable<Notification['context']> => (alert.context ??= { tags: {}, links: [], failures: [] });

/** Secrets in what enrichment (`--aws`, Lambda) and noise control add to an alert. */
export const NOTIFICATION_SECRET_CASES: NotificationSecretCase[] = [
  {
    case: 'tag values (labels and context tags)',
    fixture: 'ecs-task/stopped-oom',
    plant: (alert) => {
      oomTail(alert).tags = { team: 'payments', 'deploy-token': T['gitlab-deploy-token'] };
      alert.labels = { ...alert.labels, 'deploy-token': T['gitlab-deploy-token'], webhook: T['slack-webhook-url'] };
    },
    secrets: [T['gitlab-deploy-token'], T['slack-webhook-url']],
  },
  {
    case: 'a service event message',
    fixture: 'ecs-deployment/failed',
    plant: (alert) => {
      oomTail(alert).service = {
        arn: 'arn:aws:ecs:us-west-2:111122223333:service/prod/payments-api',
        capacityProviderStrategy: [],
        deployments: [],
        events: [{ createdAt: '2026-05-12T12:20:00Z', message: `(service payments-api) failed to launch a task: env SENDGRID=${T['sendgrid-api-token']} DJANGO_SECRET_KEY=Lw3Nq7Xc1Vb5Mz9Kd2` }],
      };
    },
    secrets: [T['sendgrid-api-token'], 'Lw3Nq7Xc1Vb5Mz9Kd2'],
  },
  {
    case: "stopped tasks' reasons (failed deployment)",
    fixture: 'ecs-deployment/failed',
    plant: (alert) => {
      oomTail(alert).stoppedTasks = [
        { taskId: '0d1e2f0a4b881445133440842bacf91c', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited: --password Tr5Gm9Wx3Kq7Lc', containers: [{ name: 'app', exitCode: 1, reason: 'mysql://root:Yp2Dk6Hs9Vn3Qx@db:3306 refused' }] },
      ];
    },
    secrets: ['Tr5Gm9Wx3Kq7Lc', 'Yp2Dk6Hs9Vn3Qx'],
  },
  {
    case: "a digest's first and last alert",
    fixture: 'ecs-task/stopped-oom',
    plant: (alert) => {
      alert.digest = {
        group: 'cluster=prod, service=payments-api',
        count: 12,
        since: '2026-05-12T13:15:00Z',
        until: '2026-05-12T13:20:00Z',
        categories: [{ category: 'other', count: 12 }],
        first: { summary: `prod/payments-api: task stopped: token=${T['twilio-api-key']}`, time: '2026-05-12T13:15:06Z' },
        last: { summary: `prod/payments-api: task stopped: key ${T['gcp-api-key']}`, time: '2026-05-12T13:19:06Z' },
      };
    },
    secrets: [T['twilio-api-key'], T['gcp-api-key']],
  },
  {
    case: "a resolution's incident summary",
    fixture: 'ecs-service-action/steady-state',
    plant: (alert) => {
      alert.status = 'resolved';
      alert.resolves = { fingerprint: '109829d778c640a3', category: 'other', summary: `prod/payments-api: task stopped: pass=Wd8Qn2Xk6Lm4Tz`, startedAt: '2026-05-12T13:15:06Z', endedAt: '2026-05-12T13:38:16Z', durationMs: 1_390_000, alerts: 3 };
    },
    secrets: ['Wd8Qn2Xk6Lm4Tz'],
  },
  {
    case: 'a noise-control error quoting a request',
    fixture: 'ecs-task/stopped-oom',
    plant: (alert) => {
      alert.gateUnavailable = `throttle/grouping: UnrecognizedClientException: request signed with Authorization: Bearer ${T['vault-service-token']}`;
    },
    secrets: [T['vault-service-token']],
  },
  {
    case: 'a parse warning quoting a value',
    fixture: 'ecs-task/stopped-oom',
    plant: (alert) => {
      alert.warnings = [`detail.overrides.containerOverrides[0].environment: ignored value "${T['huggingface-access-token']}"`];
    },
    secrets: [T['huggingface-access-token']],
  },
];

/** Every planted secret, counted once per case. */
export const plantedSecretCount = (): number =>
  [...LOG_SECRET_CASES, ...EVENT_SECRET_CASES, ...NOTIFICATION_SECRET_CASES].reduce((n, c) => n + c.secrets.length, 0);
