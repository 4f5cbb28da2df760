/**
 * Secret redaction for log lines that leave the account in an alert (chat, e-mail, SNS).
 * Container logs are untrusted and routinely print credentials (a failed DB URL, a request
 * dump with its `Authorization` header, an SDK debug line), so every log line passes through
 * a {@link Redactor} before it is attached to an alert.
 *
 * Rules are compiled once (module scope for the built-ins, {@link createRedactor} for the
 * patterns from `herald.yml`); `redact` only runs compiled regular expressions.
 */

/** Replaces secrets in one log line. */
export interface Redactor {
  /**
   * @param line - one log line (any length; callers cut long lines after redaction)
   * @returns the line with each secret replaced by `[REDACTED:<kind>]`, and how many were replaced
   */
  redact(line: string): { text: string; count: number };
}

/** What a redaction marker names: the built-in rule that matched, or `custom` for `herald.yml` patterns. */
export const REDACTION_KINDS = [
  'private-key', 'url-credentials', 'jwt', 'aws-access-key-id', 'aws-secret-access-key', 'aws-session-token',
  'aws-signature', 'github-token', 'slack-token', 'slack-webhook', 'basic-auth', 'bearer', 'password', 'api-key',
  'secret', 'token', 'custom',
] as const;

/** One of {@link REDACTION_KINDS}. */
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** The text a secret is replaced with. */
export const redactionMarker = (kind: RedactionKind): string => `[REDACTED:${kind}]`;

const MARKER_PREFIX = '[REDACTED:';

/** A compiled rule: a global regex and how to rewrite one match. */
interface Rule {
  kind: RedactionKind;
  pattern: RegExp;
  /** Rewrites a match; returns undefined to leave it alone (e.g. a value already redacted). */
  rewrite: (match: string, groups: readonly (string | undefined)[]) => string | undefined;
}

const whole = (kind: RedactionKind): Rule['rewrite'] => () => redactionMarker(kind);

// Keys whose value is a secret, most specific first: the first that matches the key names the
// kind. A key may carry a prefix (`db_password`, `spring.datasource.password`, `X-Amz-Security-Token`,
// `clientSecret`), but must end with the keyword, so `password_reset`, `max_tokens` and
// `secretsmanager` are not keys of secrets.
const SECRET_KEYS: readonly { kind: RedactionKind; keyword: string }[] = [
  { kind: 'aws-secret-access-key', keyword: 'secret[_-]?access[_-]?key' },
  { kind: 'aws-session-token', keyword: '(?:session|security)[_-]?token' },
  { kind: 'aws-signature', keyword: 'amz[_-]signature' },
  { kind: 'password', keyword: 'password|passwd|pwd' },
  { kind: 'api-key', keyword: 'api[_-]?key' },
  { kind: 'secret', keyword: 'secret' },
  { kind: 'token', keyword: 'token' },
];
const KEY_KINDS = SECRET_KEYS.map(({ kind, keyword }) => ({ kind, pattern: new RegExp(`(?:${keyword})$`, 'i') }));
const kindOfKey = (key: string): RedactionKind => KEY_KINDS.find(({ pattern }) => pattern.test(key))?.kind ?? 'secret';

// `key=value`, `key: value`, `"key": "value"`, `'key': 'value'` (Python repr), `{key=value}` (Java
// Map.toString) and JSON inside a JSON string (`{\"password\":\"x\"}`). The key must not follow a
// word character, `.`, `:`, `/` or `-`, so ARN and path segments (`...:secret:prod/db`) are not keys.
const KEY_VALUE = new RegExp(
  String.raw`(?<![\w.:/-])([\w.-]*?(?:${SECRET_KEYS.map((k) => k.keyword).join('|')}))(\\?["']?)(\s*[:=]\s*)` +
    String.raw`(\\"[^"\\]*\\"|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&})\]"']+)`,
  'gi',
);

const redactValue = (value: string, kind: RedactionKind): string | undefined => {
  const quote = value.startsWith('\\"') ? '\\"' : value.startsWith('"') || value.startsWith("'") ? value.charAt(0) : '';
  const inner = quote === '' ? value : value.slice(quote.length, value.length - quote.length);
  if (inner === '' || inner.startsWith(MARKER_PREFIX)) return undefined;
  return `${quote}${redactionMarker(kind)}${quote}`;
};

// Order matters: whole-token rules run before key=value pairs, so `token=eyJ...` reads
// `token=[REDACTED:jwt]` (one redaction), and `Bearer <jwt>` reads `Bearer [REDACTED:jwt]`.
const BUILT_IN_RULES: readonly Rule[] = [
  {
    // A PEM block on one line, or its opening line (the rest of a multi-line block is handled by redactLines).
    kind: 'private-key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|.*)/g,
    rewrite: whole('private-key'),
  },
  {
    // scheme://user:password@host: keep the user and host, redact the password (which may contain `@`).
    kind: 'url-credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]+):([^\s/?#]+)@/gi,
    rewrite: (_m, [scheme = '', user = '', password = '']) => (password.startsWith(MARKER_PREFIX) ? undefined : `${scheme}${user}:${redactionMarker('url-credentials')}@`),
  },
  {
    // Slack incoming webhook URLs are bearer credentials by themselves.
    kind: 'slack-webhook',
    pattern: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g,
    rewrite: whole('slack-webhook'),
  },
  {
    // header.payload.signature, each base64url; the header always starts `eyJ` (`{"`). Unsigned JWTs have an empty signature.
    kind: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    rewrite: whole('jwt'),
  },
  {
    // Long-term (AKIA) and temporary (ASIA) access key ids.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    kind: 'aws-access-key-id',
    pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
    rewrite: whole('aws-access-key-id'),
  },
  {
    // GitHub personal access, OAuth, user-to-server, server-to-server and refresh tokens, and fine-grained PATs.
    // https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
    kind: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
    rewrite: whole('github-token'),
  },
  {
    // Slack bot, user, app-level, config and refresh tokens (xoxb-, xoxp-, xapp-, xoxe-...).
    kind: 'slack-token',
    pattern: /\b(?:xox[abposre](?:\.[A-Za-z0-9-]+)?-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/g,
    rewrite: whole('slack-token'),
  },
  {
    kind: 'basic-auth',
    pattern: /\b(Authorization["']?\s*[:=]\s*["']?Basic\s+)([A-Za-z0-9+/]+=*)/gi,
    rewrite: (_m, [prefix = '']) => `${prefix}${redactionMarker('basic-auth')}`,
  },
  {
    // `Authorization: Bearer <token>` (any length) and a bare `Bearer <token>` (the words kept). A bare
    // one must look like a credential (16+ characters), so prose such as "expected Bearer scheme" stays.
    // https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (b64token syntax)
    kind: 'bearer',
    pattern: /\b((?:Authorization["']?\s*[:=]\s*["']?)?Bearer\s+)([A-Za-z0-9\-._~+/]+=*)/gi,
    rewrite: (_m, [prefix = '', token = '']) =>
      /^authorization/i.test(prefix) || token.length >= 16 ? `${prefix}${redactionMarker('bearer')}` : undefined,
  },
  {
    kind: 'secret',
    pattern: KEY_VALUE,
    rewrite: (_m, [key = '', quote = '', separator = '', value = '']) => {
      const redacted = redactValue(value, kindOfKey(key));
      return redacted === undefined ? undefined : `${key}${quote}${separator}${redacted}`;
    },
  },
];

const applyRule = (rule: Rule, text: string): { text: string; count: number } => {
  let count = 0;
  rule.pattern.lastIndex = 0;
  const replaced = text.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
    // rest = [...groups, offset, input]; groups are strings or undefined.
    const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : undefined));
    const rewritten = rule.rewrite(match, groups);
    if (rewritten === undefined) return match;
    count += 1;
    return rewritten;
  });
  return { text: replaced, count };
};

/** Compiles one `herald.yml` pattern; throws an Error naming it when it is invalid or matches nothing but `''`. */
const compileExtraPattern = (source: string, index: number): Rule => {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'g');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`invalid redaction pattern #${index + 1} ${JSON.stringify(source)}: ${reason}`, { cause: error });
  }
  // A pattern that matches the empty string would insert a marker between every character.
  if (new RegExp(`^(?:${source})$`).test('')) {
    throw new Error(`invalid redaction pattern #${index + 1} ${JSON.stringify(source)}: it matches the empty string`);
  }
  return { kind: 'custom', pattern, rewrite: whole('custom') };
};

/**
 * Builds a redactor from the built-in rules plus `extraPatterns` (regular expression sources
 * from `herald.yml`, matched case-sensitively; each whole match becomes `[REDACTED:custom]`).
 * Patterns are compiled here, once.
 *
 * @param extraPatterns - additional regular expression sources
 * @throws Error naming the pattern when one does not compile or matches the empty string
 *
 * @example
 * ```ts
 * const redactor = createRedactor(['\\bcust-[0-9]{8}\\b']);
 * redactor.redact('login ok password=hunter2'); // { text: 'login ok password=[REDACTED:password]', count: 1 }
 * ```
 */
export const createRedactor = (extraPatterns: readonly string[] = []): Redactor => {
  const rules = [...BUILT_IN_RULES, ...extraPatterns.map(compileExtraPattern)];
  return {
    redact(line: string) {
      let text = line;
      let count = 0;
      for (const rule of rules) {
        const result = applyRule(rule, text);
        text = result.text;
        count += result.count;
      }
      return { text, count };
    },
  };
};

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/**
 * Redacts consecutive log lines. Besides {@link Redactor.redact} on each line, it hides the body
 * of a PEM private key printed over several lines (one log event per line, as the awslogs driver
 * sends them): every line after `-----BEGIN ... PRIVATE KEY-----` up to and including the
 * `-----END` line becomes `[REDACTED:private-key]`, counted once per block.
 *
 * @returns the redacted lines (same order) and the total number of redactions
 */
export const redactLines = (redactor: Redactor, lines: readonly string[]): { lines: string[]; count: number } => {
  let count = 0;
  let inKeyBlock = false;
  const out = lines.map((line) => {
    if (inKeyBlock) {
      if (PEM_END.test(line)) inKeyBlock = false;
      return redactionMarker('private-key');
    }
    if (PEM_BEGIN.test(line)) {
      const afterBegin = line.slice(line.search(PEM_BEGIN));
      inKeyBlock = !PEM_END.test(afterBegin);
    }
    const result = redactor.redact(line);
    count += result.count;
    return result.text;
  });
  return { lines: out, count };
};
