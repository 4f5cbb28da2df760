/*
 * Provider tokens: credentials whose shape alone says what they are (a fixed prefix and a
 * fixed alphabet and length), so they are redacted wherever they appear, with no key name
 * before them. The patterns follow the rules of the gitleaks secret scanner
 * (https://github.com/gitleaks/gitleaks, config/gitleaks.toml; MIT licence), named here by
 * their gitleaks rule ids; the vendors' own documentation is linked where it states a format.
 */

/** What a provider-token marker names. */
export const PROVIDER_TOKEN_KINDS = [
  'aws-access-key-id', 'aws-bedrock-key', 'github-token', 'gitlab-token', 'slack-token', 'slack-webhook', 'stripe-key',
  'npm-token', 'twilio-key', 'sendgrid-key', 'google-api-key', 'openai-key', 'anthropic-key', 'vault-token',
  'pypi-token', 'huggingface-token', 'databricks-token', 'doppler-token', 'linear-key', 'postman-key', 'pulumi-token',
  'rubygems-token', 'grafana-token', 'sentry-token', 'age-secret-key', 'heroku-key', 'shopify-token',
  'digitalocean-token', 'dockerhub-token', 'atlassian-token', 'newrelic-key', 'mailgun-key',
] as const;

/** One of {@link PROVIDER_TOKEN_KINDS}. */
export type ProviderTokenKind = (typeof PROVIDER_TOKEN_KINDS)[number];

/** A provider token: every match is replaced whole. */
export interface ProviderTokenRule {
  kind: ProviderTokenKind;
  /** Global; compiled once, here. */
  pattern: RegExp;
}

/** Where a token ends: not followed by another token character (gitleaks' "unique token" suffix). */
const END = String.raw`(?![\w-])`;

const rule = (kind: ProviderTokenKind, source: string, flags = 'g'): ProviderTokenRule => ({ kind, pattern: new RegExp(source, flags) });

/** Most specific first: a Slack webhook before a URL-credential rule could see it, Bedrock keys before generic base 64. */
export const PROVIDER_TOKEN_RULES: readonly ProviderTokenRule[] = [
  // slack-webhook-url: incoming webhook URLs are bearer credentials by themselves.
  rule('slack-webhook', String.raw`\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]+`),
  // aws-access-token: long-term (AKIA), temporary (ASIA) and other access key ids.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
  rule('aws-access-key-id', String.raw`\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`),
  // aws-amazon-bedrock-api-key-long-lived
  rule('aws-bedrock-key', String.raw`\bABSK[A-Za-z0-9+/]{109,269}={0,2}`),
  // github-pat, github-oauth, github-app-token, github-refresh-token, github-fine-grained-pat.
  // https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
  rule('github-token', String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_\w{22,255})${END}`),
  // gitlab-pat (and its routable form), gitlab-deploy-token, gitlab-runner-authentication-token,
  // gitlab-feed-token, gitlab-incoming-mail-token, gitlab-kubernetes-agent-token, gitlab-oauth-app-secret,
  // gitlab-scim-token, gitlab-ptt, gitlab-cicd-job-token, gitlab-rrt.
  // https://docs.gitlab.com/security/tokens/#token-prefixes
  rule('gitlab-token', String.raw`\b(?:(?:glpat|gldt|glrt|glft|glimt|glagent|gloas|glsoat)-[\w-]{20,300}(?:\.[0-9a-z]{9})?|glptt-[0-9a-f]{40}|glcbt-[0-9a-zA-Z]{1,5}_[\w-]{20}|GR1348941[\w-]{20})${END}`),
  // slack-bot-token, slack-user-token, slack-app-token, slack-config-access-token, slack-legacy-token.
  rule('slack-token', String.raw`\b(?:xox[abposre](?:\.xox[bp])?-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})`),
  // stripe-access-token: secret and restricted keys (publishable pk_ keys are public), and webhook signing secrets.
  // https://docs.stripe.com/keys
  rule('stripe-key', String.raw`\b(?:(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99}|whsec_[A-Za-z0-9]{32,})${END}`),
  // npm-access-token. https://github.blog/security/announcing-npms-new-access-token-format/
  rule('npm-token', String.raw`\bnpm_[A-Za-z0-9]{36}${END}`, 'gi'),
  // twilio-api-key (API key SIDs are SK + 32 hex; the key's secret is keyword-based).
  rule('twilio-key', String.raw`\bSK[0-9a-fA-F]{32}${END}`),
  // sendgrid-api-token
  rule('sendgrid-key', String.raw`\bSG\.[A-Za-z0-9=_.-]{66}${END}`),
  // gcp-api-key (Google API keys, Firebase included)
  rule('google-api-key', String.raw`\bAIza[\w-]{35}${END}`),
  // openai-api-key: project, service-account and admin keys, and the legacy form; the
  // T3BlbkFJ marker is "OpenAI" in base 64.
  rule('openai-key', String.raw`\bsk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}${END}`),
  // anthropic-api-key, anthropic-admin-api-key
  rule('anthropic-key', String.raw`\bsk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA${END}`),
  // vault-service-token, vault-batch-token (HashiCorp Vault 1.10+ formats)
  rule('vault-token', String.raw`\b(?:hvs\.[\w-]{90,120}|hvb\.[\w-]{138,300})${END}`),
  // pypi-upload-token
  rule('pypi-token', String.raw`\bpypi-AgEIcHlwaS5vcmc[\w-]{50,1000}`),
  // huggingface-access-token, huggingface-organization-api-token
  rule('huggingface-token', String.raw`\b(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})${END}`),
  // databricks-api-token
  rule('databricks-token', String.raw`\bdapi[a-f0-9]{32}(?:-\d)?${END}`),
  // doppler-api-token
  rule('doppler-token', String.raw`\bdp\.pt\.[A-Za-z0-9]{43}${END}`),
  // linear-api-key
  rule('linear-key', String.raw`\blin_api_[A-Za-z0-9]{40}${END}`),
  // postman-api-token
  rule('postman-key', String.raw`\bPMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}${END}`),
  // pulumi-api-token
  rule('pulumi-token', String.raw`\bpul-[a-f0-9]{40}${END}`),
  // rubygems-api-token
  rule('rubygems-token', String.raw`\brubygems_[a-f0-9]{48}${END}`),
  // grafana-service-account-token, grafana-cloud-api-token
  rule('grafana-token', String.raw`\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})${END}`),
  // sentry-user-token, sentry-org-token
  rule('sentry-token', String.raw`\b(?:sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_]{20,})${END}`),
  // age-secret-key
  rule('age-secret-key', String.raw`\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b`),
  // heroku-api-key-v2
  rule('heroku-key', String.raw`\bHRKU-AA[0-9a-zA-Z_-]{58}${END}`),
  // shopify-access-token, shopify-custom-access-token, shopify-private-app-access-token, shopify-shared-secret
  rule('shopify-token', String.raw`\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${END}`),
  // digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token
  rule('digitalocean-token', String.raw`\bdo[opr]_v1_[a-f0-9]{64}${END}`),
  // Docker Hub personal access tokens. https://docs.docker.com/security/access-tokens/
  rule('dockerhub-token', String.raw`\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}${END}`),
  // atlassian-api-token
  rule('atlassian-token', String.raw`\bATATT3[A-Za-z0-9_\-=]{186}${END}`),
  // new-relic-user-api-key, new-relic-insert-key
  rule('newrelic-key', String.raw`\bNR(?:AK|II)-[A-Za-z0-9_-]{27,32}${END}`),
  // mailgun-private-api-token (gitleaks wants the word mailgun nearby; the key- prefix plus 32 hex is distinctive enough)
  rule('mailgun-key', String.raw`\bkey-[a-f0-9]{32}${END}`),
];
