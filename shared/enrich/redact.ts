/**
 * Secret redaction for text that leaves the account in an alert (chat, e-mail, SNS): container
 * log lines, and the alert's own text (ECS puts what a container printed into a container's
 * `reason`, a stopped reason can quote a command line, tags are free text). Logs and events are
 * untrusted and routinely carry credentials (a failed DB URL, a request dump with its
 * `Authorization` header, an SDK debug line), so every such text passes through a
 * {@link Redactor}: log lines as the enrich stage reads them, and every alert as delivery
 * renders it.
 *
 * Rules are compiled once (module scope for the built-ins, {@link createRedactor} for the
 * patterns from `herald.yml`); `redact` only runs compiled regular expressions. Provider token
 * shapes follow the rules of the gitleaks secret scanner (see `redact-providers.ts`).
 */
import { PROVIDER_TOKEN_KINDS, PROVIDER_TOKEN_RULES } from './redact-providers';


/** Replaces secrets in one log line. */
export interface Redactor {
  /**
   * @param line - one log line or one text of an alert (any length; callers cut long lines after redaction)
   * @returns the line with each secret replaced by `[REDACTED:<kind>]`, and how many were replaced
   */
  redact(line: string): { text: string; count: number };
}

/** What a redaction marker names: the built-in rule that matched, or `custom` for `herald.yml` patterns. */
export const REDACTION_KINDS = [
  'private-key', 'url-credentials', 'jwt', ...PROVIDER_TOKEN_KINDS, 'aws-secret-access-key', 'aws-session-token',
  'aws-signature', 'basic-auth', 'bearer', 'password', 'api-key', 'secret', 'token', 'custom',
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
  /** Runs only on a text this matches (tested on the text as given, before any rule). */
  when?: RegExp;
  /** Rewrites a match; returns undefined to leave it alone (e.g. a value already redacted). */
  rewrite: (match: string, groups: readonly (string | undefined)[]) => string | undefined;
}

const whole = (kind: RedactionKind): Rule['rewrite'] => () => redactionMarker(kind);

// Keys whose value is a secret, most specific first: the first that matches the key names the
// kind. A key may carry a prefix (`db_password`, `spring.datasource.password`, `X-Amz-Security-Token`,
// `clientSecret`, `DJANGO_SECRET_KEY`) and a value suffix (`SECRET_KEY_BASE`, `client_secret_value`),
// but must otherwise end with the keyword, so `password_reset`, `max_tokens`, `DB_PASSWORD_FILE`
// and `secretsmanager` are not keys of secrets. `pass` must start a word (`DB_PASS`, `pass`, not
// `bypass`). A `strict` key is a weaker hint (`credentials`, `encryption_key`): its value is
// redacted only when it looks like a credential, not a word (`credentials: expired`).
const SECRET_KEYS: readonly { kind: RedactionKind; keyword: string; strict?: boolean }[] = [
  { kind: 'aws-secret-access-key', keyword: 'secret[_-]?access[_-]?key' },
  { kind: 'aws-session-token', keyword: '(?:session|security)[_-]?token' },
  { kind: 'aws-signature', keyword: 'amz[_-]signature' },
  { kind: 'password', keyword: 'password|passwd|passphrase|pwd|(?<![a-z])pass|(?:store|key)pass' },
  { kind: 'api-key', keyword: 'api[_-]?key' },
  { kind: 'private-key', keyword: 'private[_-]?key(?:[_-]?id)?', strict: true },
  { kind: 'secret', keyword: 'secret(?:[_-]?key)?' },
  { kind: 'token', keyword: 'token' },
  { kind: 'secret', keyword: '(?:encryption|signing|master|account|access|client|app|auth)[_-]?key|credentials?|creds', strict: true },
];
/** What may follow the keyword in a key: `SECRET_KEY_BASE`, `client_secret_value`. */
const KEY_SUFFIX = '(?:[_-]?(?:value|base|b64|base64|string|str))?';
const KEY_KINDS = SECRET_KEYS.map(({ kind, keyword, strict }) => ({ kind, strict: strict === true, pattern: new RegExp(`(?:${keyword})${KEY_SUFFIX}$`, 'i') }));
const keyOf = (key: string): { kind: RedactionKind; strict: boolean } => KEY_KINDS.find(({ pattern }) => pattern.test(key)) ?? { kind: 'secret', strict: false };

/**
 * Whether a value looks like a credential rather than a word: 8 or more characters, not only
 * lowercase letters, not a literal (`true`, `null`), and not a path or a placeholder.
 */
const looksLikeCredential = (value: string): boolean =>
  value.length >= 8 && !/^[a-z]+$/.test(value) && !/^(?:true|false|null|none|undefined|redacted)$/i.test(value) && !/^(?:\/|\$\{?|<|%)/.test(value);

// `key=value`, `key: value`, `"key": "value"`, `'key': 'value'` (Python repr), `{key=value}` (Java
// Map.toString) and JSON inside a JSON string (`{\"password\":\"x\"}`). The key must not follow a
// word character, `.`, `:`, `/` or `-`, so ARN and path segments (`...:secret:prod/db`) are not keys.
const KEY_VALUE = new RegExp(
  String.raw`(?<![\w.:/-])([\w.-]*?(?:${SECRET_KEYS.map((k) => k.keyword).join('|')})${KEY_SUFFIX})(\\?["']?)(\s*[:=]\s*)` +
    String.raw`(\\"[^"\\]*\\"|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&})\]"']+)`,
  'gi',
);

/** The inside of a value, without the quotes it may have (`"x"`, `'x'`, `\"x\"`). */
const unquote = (value: string): { quote: string; inner: string } => {
  const quote = value.startsWith('\\"') ? '\\"' : value.startsWith('"') || value.startsWith("'") ? value.charAt(0) : '';
  return { quote, inner: quote === '' ? value : value.slice(quote.length, value.length - quote.length) };
};

const redactValue = (value: string, kind: RedactionKind, strict = false): string | undefined => {
  const { quote, inner } = unquote(value);
  if (inner === '' || inner.startsWith(MARKER_PREFIX) || (strict && !looksLikeCredential(inner))) return undefined;
  return `${quote}${redactionMarker(kind)}${quote}`;
};

// A command-line flag with a secret value: `--password X`, `--password=X`, `--db-pass X`,
// `-storepass X` (keytool). The value may not start with `-` (that is the next flag).
const FLAG_VALUE = /(?<![\w-])(--?[\w-]*?(?:password|passwd|passphrase|(?<![a-z])pass|(?:store|key)pass|secret|token|api-?key))(=|[ \t]+)("[^"]*"|'[^']*'|(?!-)[^\s"',;&]+)/gi;

// A password in prose: `password CANARY`, `Password is 6lMCQ4T4`, `the password was 'x'`. Unquoted,
// the value must look like a credential, so prose (`password reset`, `password authentication
// failed`, `Password Expired`) is kept; a lowercase-only password in prose is kept too.
const PROSE_PASSWORD = /\b(password|passwd|passphrase)((?:[ \t]+(?:is|was))?[ \t]+)("[^"]*"|'[^']*'|[^\s"',;()]+)/gi;
/** Capitalised words that follow "password" in prose and are not one. */
const PROSE_WORDS = new Set(['reset', 'expired', 'required', 'changed', 'policy', 'manager', 'authentication', 'incorrect', 'invalid', 'mismatch', 'not', 'ok', 'for', 'is', 'was']);
const redactProsePassword = (value: string): string | undefined => {
  const { quote, inner } = unquote(value);
  if (inner === '' || inner.startsWith(MARKER_PREFIX) || inner.startsWith('[')) return undefined;
  if (quote === '' && (inner.length < 4 || /^[a-z]+$/.test(inner) || PROSE_WORDS.has(inner.toLowerCase().replace(/[.!?:]+$/, '')))) return undefined;
  return `${quote}${redactionMarker('password')}${quote}`;
};

/**
 * A bare AWS secret access key (40 characters of base 64) on a line that has an access key id:
 * SDKs and humans print the pair side by side (`AKIA... wJalr...`, a credentials CSV row). It
 * needs upper and lower case and a digit, `/` or `+`, so a git SHA-1 (40 hex digits) is kept.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html#access-keys-and-secret-access-keys
 */
const AWS_KEY_ID = /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/;
const BARE_AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const looksLikeAwsSecret = (token: string): boolean => /[A-Z]/.test(token) && /[a-z]/.test(token) && /[0-9/+]/.test(token);

// Order matters: whole-token rules run before key=value pairs, so `token=eyJ...` reads
// `token=[REDACTED:jwt]` (one redaction), and `Bearer <jwt>` reads `Bearer [REDACTED:jwt]`;
// prose runs last, so `password: x` is a key=value pair.
const BUILT_IN_RULES: readonly Rule[] = [
  {
    // A PEM block on one line, or its opening line (the rest of a multi-line block is handled by redactLines).
    kind: 'private-key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|.*)/g,
    rewrite: whole('private-key'),
  },
  {
    // scheme://user:password@host, the user possibly empty (`redis://:pw@host`): keep the user and
    // host, redact the password (which may contain `@`).
    kind: 'url-credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]*):([^\s/?#]+)@/gi,
    rewrite: (_m, [scheme = '', user = '', password = '']) => (password.startsWith(MARKER_PREFIX) ? undefined : `${scheme}${user}:${redactionMarker('url-credentials')}@`),
  },
  ...PROVIDER_TOKEN_RULES.map(({ kind, pattern }): Rule => ({ kind, pattern, rewrite: whole(kind) })),
  {
    // header.payload.signature, each base64url; the header always starts `eyJ` (`{"`). Unsigned JWTs have an empty signature.
    kind: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    rewrite: whole('jwt'),
  },
  {
    kind: 'aws-secret-access-key',
    pattern: BARE_AWS_SECRET,
    when: AWS_KEY_ID,
    rewrite: (match) => (looksLikeAwsSecret(match) ? redactionMarker('aws-secret-access-key') : undefined),
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
    kind: 'password',
    pattern: FLAG_VALUE,
    rewrite: (_m, [flag = '', separator = '', value = '']) => {
      const redacted = redactValue(value, keyOf(flag).kind);
      return redacted === undefined ? undefined : `${flag}${separator}${redacted}`;
    },
  },
  {
    kind: 'secret',
    pattern: KEY_VALUE,
    rewrite: (_m, [key = '', quote = '', separator = '', value = '']) => {
      const { kind, strict } = keyOf(key);
      const redacted = redactValue(value, kind, strict);
      return redacted === undefined ? undefined : `${key}${quote}${separator}${redacted}`;
    },
  },
  {
    kind: 'password',
    pattern: PROSE_PASSWORD,
    rewrite: (_m, [word = '', between = '', value = '']) => {
      const redacted = redactProsePassword(value);
      return redacted === undefined ? undefined : `${word}${between}${redacted}`;
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

/** Texts up to this long are remembered by a redactor. */
const MEMO_MAX_CHARS = 1024;
/** A redactor remembers at most this many texts (then starts afresh): at most about 4 MB. */
const MEMO_MAX_ENTRIES = 2048;

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
  const apply = (line: string): { text: string; count: number } => {
    let text = line;
    let count = 0;
    for (const rule of rules) {
      if (rule.when !== undefined && !rule.when.test(line)) continue;
      const result = applyRule(rule, text);
      text = result.text;
      count += result.count;
    }
    return Object.freeze({ text, count });
  };
  // The same short texts come back alert after alert (cluster and service names, summaries,
  // evidence): each is run through the rules once, while the memo holds it.
  const memo = new Map<string, { text: string; count: number }>();
  return {
    redact(line: string) {
      if (line.length > MEMO_MAX_CHARS) return apply(line);
      let result = memo.get(line);
      if (result === undefined) {
        if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
        result = apply(line);
        memo.set(line, result);
      }
      return result;
    },
  };
};

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
/** A line of a PEM body: base 64 alone on its line (64 characters in practice, the last one shorter). */
const PEM_BODY = /^[A-Za-z0-9+/]{16,100}={0,2}$/;

/** A line of random base 64 has upper and lower case and a digit, `+` or `/`: a word or a hex hash does not. */
const looksLikeKeyBody = (line: string): boolean => PEM_BODY.test(line) && /[A-Z]/.test(line) && /[a-z]/.test(line) && /[0-9+/]/.test(line);

/**
 * How many lines at the start of a window belong to a private key whose BEGIN line came before
 * the window: up to and including an END line that no BEGIN line precedes, else the leading
 * run of lines that look like a key body (random base 64 alone on a line, one of them 40
 * characters or more, so a lone word or a hash is not taken for one).
 */
const keyTailLength = (lines: readonly string[]): number => {
  const end = lines.findIndex((line) => PEM_END.test(line));
  const begin = lines.findIndex((line) => PEM_BEGIN.test(line));
  if (end !== -1 && (begin === -1 || end < begin)) return end + 1;
  let run = 0;
  while (run < lines.length && looksLikeKeyBody((lines[run] ?? '').trim())) run += 1;
  return lines.slice(0, run).some((line) => line.trim().length >= 40) ? run : 0;
};

/**
 * Redacts consecutive log lines. Besides {@link Redactor.redact} on each line, it hides the body
 * of a PEM private key printed over several lines (one log event per line, as the awslogs driver
 * sends them): every line after `-----BEGIN ... PRIVATE KEY-----` up to and including the
 * `-----END` line becomes `[REDACTED:private-key]`, counted once per block. A tail window can
 * start inside a key, its BEGIN line already gone: the lines up to its END line, or the leading
 * lines that look like a key body, are hidden the same way.
 *
 * @returns the redacted lines (same order) and the total number of redactions
 */
export const redactLines = (redactor: Redactor, lines: readonly string[]): { lines: string[]; count: number } => {
  const tail = keyTailLength(lines);
  let count = tail > 0 ? 1 : 0;
  let inKeyBlock = false;
  const out = lines.map((line, index) => {
    if (index < tail) return redactionMarker('private-key');
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
