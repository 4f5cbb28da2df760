import { createRedactor, redactLines, type RedactionKind } from '../../shared/enrich';
import { PROVIDER_TOKENS } from '../deliver/secret-corpus';

const redactor = createRedactor();

// Fake credentials in the shapes real ones have (AWS documentation's example keys, made-up tokens).
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GHP = `ghp_${'a1B2c3D4e5'.repeat(3)}a1B2c3`;

describe('createRedactor: built-in rules', () => {
  it.each<{ case: string; line: string; text: string; count: number }>([
    {
      case: 'Node: pg connection string with a password',
      line: 'Error: connect ECONNREFUSED postgres://app:s3cr3t-P@ss@db.internal:5432/payments',
      text: 'Error: connect ECONNREFUSED postgres://app:[REDACTED:url-credentials]@db.internal:5432/payments',
      count: 1,
    },
    {
      case: 'Node: axios error dumping an Authorization header',
      line: `AxiosError: Request failed with status code 401 headers: { Authorization: 'Bearer ${JWT}' }`,
      text: "AxiosError: Request failed with status code 401 headers: { Authorization: 'Bearer [REDACTED:jwt]' }",
      count: 1,
    },
    {
      case: 'nginx: access log with an opaque bearer token and a query-string token',
      line: '10.0.1.23 - - [12/Mar/2025:10:15:32 +0000] "GET /api/v1/orders?access_token=4f9a2b7c1d&page=2 HTTP/1.1" 200 512 "-" "curl/8.5.0" Authorization: Bearer 9f8e7d6c5b4a39281706',
      text: '10.0.1.23 - - [12/Mar/2025:10:15:32 +0000] "GET /api/v1/orders?access_token=[REDACTED:token]&page=2 HTTP/1.1" 200 512 "-" "curl/8.5.0" Authorization: Bearer [REDACTED:bearer]',
      count: 2,
    },
    {
      case: 'Java: Spring property dump',
      line: '2025-03-12 10:15:32.101 DEBUG 1 --- [main] o.s.b.c.p.PropertySourcesLoader : spring.datasource.password=hunter2, spring.datasource.username=app',
      text: '2025-03-12 10:15:32.101 DEBUG 1 --- [main] o.s.b.c.p.PropertySourcesLoader : spring.datasource.password=[REDACTED:password], spring.datasource.username=app',
      count: 1,
    },
    {
      case: 'Java: Map.toString with a client secret',
      line: 'INFO OAuthConfig - loaded {clientId=web-app, clientSecret=Zx8-Qw7_Er6, scope=openid}',
      text: 'INFO OAuthConfig - loaded {clientId=web-app, clientSecret=[REDACTED:secret], scope=openid}',
      count: 1,
    },
    {
      case: 'Python: dict repr with password and api_key',
      line: "DEBUG:root:settings={'user': 'svc', 'password': 'pa55w0rd!', 'api_key': 'sk_live_51H8'}",
      text: "DEBUG:root:settings={'user': 'svc', 'password': '[REDACTED:password]', 'api_key': '[REDACTED:api-key]'}",
      count: 2,
    },
    {
      case: 'JSON log line with a token and a passwd',
      line: '{"level":"error","msg":"login failed","token":"abc.def","passwd":"x y z","user":"bob"}',
      text: '{"level":"error","msg":"login failed","token":"[REDACTED:token]","passwd":"[REDACTED:password]","user":"bob"}',
      count: 2,
    },
    {
      case: 'JSON inside a JSON string (escaped quotes)',
      line: '{"log":"{\\"password\\":\\"hunter2\\",\\"user\\":\\"bob\\"}"}',
      text: '{"log":"{\\"password\\":\\"[REDACTED:password]\\",\\"user\\":\\"bob\\"}"}',
      count: 1,
    },
    {
      case: 'AWS CLI credentials file lines and an access key id',
      line: 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      text: 'aws_access_key_id=[REDACTED:aws-access-key-id] aws_secret_access_key=[REDACTED:aws-secret-access-key]',
      count: 2,
    },
    {
      case: 'STS credentials as JSON (temporary key id, secret, session token)',
      line: '{"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","SessionToken":"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ=="}',
      text: '{"AccessKeyId":"[REDACTED:aws-access-key-id]","SecretAccessKey":"[REDACTED:aws-secret-access-key]","SessionToken":"[REDACTED:aws-session-token]"}',
      count: 3,
    },
    {
      case: 'presigned S3 URL: credential key id and security token',
      line: 'GET https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20250312&X-Amz-Security-Token=FwoGZXIvYXdzEJr&X-Amz-Signature=abc123',
      text: 'GET https://bucket.s3.amazonaws.com/k?X-Amz-Credential=[REDACTED:aws-access-key-id]%2F20250312&X-Amz-Security-Token=[REDACTED:aws-session-token]&X-Amz-Signature=[REDACTED:aws-signature]',
      count: 3,
    },
    {
      case: 'a bare JWT',
      line: `session restored for ${JWT} in 3ms`,
      text: 'session restored for [REDACTED:jwt] in 3ms',
      count: 1,
    },
    {
      case: 'a bare bearer token (16+ characters)',
      line: 'calling upstream with Bearer 0123456789abcdefXYZ',
      text: 'calling upstream with Bearer [REDACTED:bearer]',
      count: 1,
    },
    {
      case: 'Basic auth header',
      line: 'Authorization: Basic dXNlcjpwYXNzd29yZA==',
      text: 'Authorization: Basic [REDACTED:basic-auth]',
      count: 1,
    },
    {
      case: 'GitHub and Slack tokens',
      line: `git clone https://x-access-token:${GHP}@github.com/org/repo.git; slack token xoxb-1234567890-0987654321-AbCdEfGhIjKl`,
      text: 'git clone https://x-access-token:[REDACTED:url-credentials]@github.com/org/repo.git; slack token [REDACTED:slack-token]',
      count: 2,
    },
    {
      case: 'a bare GitHub token',
      line: `GITHUB_TOKEN is ${GHP}`,
      text: 'GITHUB_TOKEN is [REDACTED:github-token]',
      count: 1,
    },
    {
      case: 'a Slack webhook URL',
      line: 'posting to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX failed',
      text: 'posting to [REDACTED:slack-webhook] failed',
      count: 1,
    },
    {
      case: 'a one-line PEM private key',
      line: 'key=-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA7x-----END RSA PRIVATE KEY----- loaded',
      text: 'key=[REDACTED:private-key] loaded',
      count: 1,
    },
    {
      case: 'the opening line of a multi-line private key',
      line: '-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      text: '[REDACTED:private-key]',
      count: 1,
    },
    {
      case: 'a bare AWS key pair (no key names)',
      line: 'loaded credentials AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY from env',
      text: 'loaded credentials [REDACTED:aws-access-key-id] [REDACTED:aws-secret-access-key] from env',
      count: 2,
    },
    {
      case: 'password followed by its value in prose',
      line: 'db login failed: password CANARY-7731 rejected; Password is hunter2x (change it)',
      text: 'db login failed: password [REDACTED:password] rejected; Password is [REDACTED:password] (change it)',
      count: 2,
    },
    {
      case: 'quoted password in prose',
      line: "retrying with the password was 'correct horse'",
      text: "retrying with the password was '[REDACTED:password]'",
      count: 1,
    },
    {
      case: 'password flags',
      line: 'exec: pg_dump --password htN5rowp8 --dbname orders; redis-cli --password=9SY6ln ping; ./server --db-pass NBKv; keytool -storepass changeit',
      text: 'exec: pg_dump --password [REDACTED:password] --dbname orders; redis-cli --password=[REDACTED:password] ping; ./server --db-pass [REDACTED:password]; keytool -storepass [REDACTED:password]',
      count: 4,
    },
    {
      case: 'keys that do not end with the keyword',
      line: 'DB_PASS=lIk9 REDIS_PASS=IiNu pass=PS8a SECRET_KEY_BASE=6f1c0e DJANGO_SECRET_KEY=nwZr client_secret_value=NSqo',
      text: 'DB_PASS=[REDACTED:password] REDIS_PASS=[REDACTED:password] pass=[REDACTED:password] SECRET_KEY_BASE=[REDACTED:secret] DJANGO_SECRET_KEY=[REDACTED:secret] client_secret_value=[REDACTED:secret]',
      count: 6,
    },
    {
      case: 'weaker keys with credential-like values',
      line: 'ENCRYPTION_KEY=Zm9vYmFyYmF6 credentials=Qk9CU0VDUkVU private_key_id=39d80a45ef67',
      text: 'ENCRYPTION_KEY=[REDACTED:secret] credentials=[REDACTED:secret] private_key_id=[REDACTED:private-key]',
      count: 3,
    },
    {
      case: 'a redis URL with an empty user',
      line: 'Error: connect ECONNREFUSED redis://:Hx2mQ9vLw7TbZk@cache.internal:6379/0',
      text: 'Error: connect ECONNREFUSED redis://:[REDACTED:url-credentials]@cache.internal:6379/0',
      count: 1,
    },
    {
      case: 'a PGP private key block on one line',
      line: '-----BEGIN PGP PRIVATE KEY BLOCK-----lQWGBGSVV4YBDAClvRnx=8xQN-----END PGP PRIVATE KEY BLOCK----- imported',
      text: '[REDACTED:private-key] imported',
      count: 1,
    },
  ])('$case', ({ line, text, count }) => {
    expect(redactor.redact(line)).toEqual({ text, count });
  });
});

describe('createRedactor: no false positives', () => {
  it.each<{ case: string; line: string }>([
    { case: 'task ARN', line: 'stopping arn:aws:ecs:us-west-2:111122223333:task/prod/3da3b3f05770eefab0e8b69fd084a983' },
    { case: 'Secrets Manager ARN (secret:name)', line: 'fetching arn:aws:secretsmanager:us-west-2:111122223333:secret:prod/db-password-AbCdEf' },
    { case: 'IAM role ARN', line: 'assumed arn:aws:iam::111122223333:role/ci-deployer' },
    { case: 'UUID', line: 'request 123e4567-e89b-12d3-a456-426614174000 completed in 12ms' },
    { case: 'image SHA-256 digest', line: 'pulled 111122223333.dkr.ecr.us-west-2.amazonaws.com/web@sha256:7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069' },
    { case: 'git SHA-1', line: 'deploying commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
    { case: 'password reset email', line: 'password reset email sent to user 42' },
    { case: 'token counts', line: 'completion used max_tokens=512 prompt_tokens: 118' },
    { case: 'password policy key', line: 'password_reset_ttl=3600 passwordless=true' },
    { case: 'prose about bearer tokens', line: 'rejected: expected Bearer scheme' },
    { case: 'URL without credentials', line: 'GET https://api.example.com:8443/v1/health?verbose=true 200' },
    { case: 'nginx access line', line: '10.0.1.23 - - [12/Mar/2025:10:15:32 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "ELB-HealthChecker/2.0"' },
    { case: 'Java stack frame', line: '\tat com.example.auth.TokenService.refresh(TokenService.java:42)' },
    { case: 'Python traceback', line: 'File "/app/secrets_loader.py", line 12, in load_secret' },
    { case: 'Postgres authentication failure', line: 'FATAL:  password authentication failed for user "app"' },
    { case: 'prose: Password Reset, password NOT set, lowercase word', line: 'Password Reset requested; password NOT set; password expired yesterday' },
    { case: '--password-stdin and --bypass', line: 'docker login --password-stdin --username AWS; rsync --bypass-cache true' },
    { case: 'bypass and compass keys', line: 'bypass=true compass=north' },
    { case: 'a secret path, not a secret', line: 'DB_PASSWORD_FILE=/run/secrets/db TOKEN_TTL=3600' },
    { case: 'weaker keys with word values', line: 'credentials: expired; encryption_key=default client_key: none' },
    { case: 'a git SHA-1 beside a key id is not a secret key', line: 'rotated key at commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
    { case: 'a Stripe publishable key', line: 'checkout loaded with pk_live_51H8abcdefghijklmnop' },
  ])('$case', ({ line }) => {
    expect(redactor.redact(line)).toEqual({ text: line, count: 0 });
  });
});

/** The marker each provider token of the corpus gets: the gitleaks rule id's provider. */
const PROVIDER_KINDS: Record<keyof typeof PROVIDER_TOKENS, RedactionKind> = {
  'github-pat': 'github-token',
  'github-oauth': 'github-token',
  'github-app-token': 'github-token',
  'github-fine-grained-pat': 'github-token',
  'gitlab-pat': 'gitlab-token',
  'gitlab-deploy-token': 'gitlab-token',
  'gitlab-runner-authentication-token': 'gitlab-token',
  'gitlab-ptt': 'gitlab-token',
  'slack-bot-token': 'slack-token',
  'slack-user-token': 'slack-token',
  'slack-app-token': 'slack-token',
  'slack-webhook-url': 'slack-webhook',
  'stripe-access-token (live secret key)': 'stripe-key',
  'stripe-access-token (restricted key)': 'stripe-key',
  'stripe-access-token (test key)': 'stripe-key',
  'npm-access-token': 'npm-token',
  'twilio-api-key': 'twilio-key',
  'sendgrid-api-token': 'sendgrid-key',
  'gcp-api-key': 'google-api-key',
  'openai-api-key': 'openai-key',
  'anthropic-api-key': 'anthropic-key',
  'shopify-access-token': 'shopify-token',
  'digitalocean-pat': 'digitalocean-token',
  'vault-service-token': 'vault-token',
  'pypi-upload-token': 'pypi-token',
  'huggingface-access-token': 'huggingface-token',
  'databricks-api-token': 'databricks-token',
  'doppler-api-token': 'doppler-token',
  'linear-api-key': 'linear-key',
  'postman-api-token': 'postman-key',
  'pulumi-api-token': 'pulumi-token',
  'rubygems-api-token': 'rubygems-token',
  'grafana-service-account-token': 'grafana-token',
  'sentry-user-token': 'sentry-token',
  'age-secret-key': 'age-secret-key',
  'heroku-api-key-v2': 'heroku-key',
  jwt: 'jwt',
};

describe('createRedactor: provider tokens (shapes of the gitleaks rules)', () => {
  it.each(Object.entries(PROVIDER_TOKENS).map(([rule, token]) => ({ case: rule, token, kind: PROVIDER_KINDS[rule as keyof typeof PROVIDER_TOKENS] })))(
    '$case, bare and quoted',
    ({ token, kind }) => {
      expect(redactor.redact(`rejected ${token} (401)`)).toEqual({ text: `rejected [REDACTED:${kind}] (401)`, count: 1 });
      expect(redactor.redact(`{"credential":"${token}"}`).text).toBe(`{"credential":"[REDACTED:${kind}]"}`);
    },
  );
});

describe('createRedactor: extra patterns from herald.yml', () => {
  it('redacts each match of an extra pattern as custom', () => {
    const custom = createRedactor(['\\bcust-[0-9]{8}\\b']);
    expect(custom.redact('order for cust-12345678 and cust-87654321')).toEqual({ text: 'order for [REDACTED:custom] and [REDACTED:custom]', count: 2 });
  });

  it.each<{ case: string; pattern: string; message: string }>([
    { case: 'a pattern that does not compile', pattern: '(unclosed', message: 'invalid redaction pattern #1 "(unclosed": Invalid regular expression' },
    { case: 'a pattern that matches the empty string', pattern: 'x*', message: 'invalid redaction pattern #1 "x*": it matches the empty string' },
  ])('throws for $case, naming it', ({ pattern, message }) => {
    expect(() => createRedactor([pattern])).toThrow(message);
  });
});

describe('redactLines', () => {
  const BODY = [
    'axNXS3iWBIZp5V2Ik0pVwbFDHaXWSEjpRN+b3NQ8/CEZu5sypEjsQZ2TmFkawNLH',
    'fBSXHHten0TXDO3aBuwcaf20SR8wcDMeMo7vTkA1Tw/d3twVcjmtravw2zD31+KY',
    '8AbrmsF2anuLomB7K7CFubXex/EMg0oi0fJT+lsj==',
  ];
  const MARK = '[REDACTED:private-key]';

  it.each<{ case: string; lines: string[]; expected: string[]; count: number }>([
    {
      case: 'a window that starts inside a key, up to its END line',
      lines: ['2025-03-12 key material follows', ...BODY, '-----END RSA PRIVATE KEY-----', 'listening on :8443'],
      expected: [MARK, MARK, MARK, MARK, MARK, 'listening on :8443'],
      count: 1,
    },
    {
      case: 'a window that starts with key body lines and no END line',
      lines: [...BODY, 'listening on :8443'],
      expected: [MARK, MARK, MARK, 'listening on :8443'],
      count: 1,
    },
    {
      case: 'a window that starts with a lone word or a hash (not a key)',
      lines: ['Initializationcomplete', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', 'ready'],
      expected: ['Initializationcomplete', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', 'ready'],
      count: 0,
    },
    {
      case: 'a window that ends inside a key',
      lines: ['loading', '-----BEGIN OPENSSH PRIVATE KEY-----', ...BODY.slice(0, 2)],
      expected: ['loading', MARK, MARK, MARK],
      count: 1,
    },
  ])('hides $case', ({ lines, expected, count }) => {
    expect(redactLines(redactor, lines)).toEqual({ lines: expected, count });
  });

  it('hides every line of a multi-line private key and counts the block once', () => {
    const lines = ['starting', '-----BEGIN EC PRIVATE KEY-----', 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oLLv', 'AwEHoUQDQgAE', '-----END EC PRIVATE KEY-----', 'listening on :8080'];
    expect(redactLines(redactor, lines)).toEqual({
      lines: ['starting', '[REDACTED:private-key]', '[REDACTED:private-key]', '[REDACTED:private-key]', '[REDACTED:private-key]', 'listening on :8080'],
      count: 1,
    });
  });
});
