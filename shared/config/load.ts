import { type Document, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { type ConfigIssue, ConfigError } from './errors';
import { fromZodIssues, heraldKnownKeysAt, type RawIssue } from './issues';
import { type DocPath, formatPath, locate } from './locate';
import { HERALD_CONFIG_SCHEMA } from './schema';
import type { HeraldConfig } from './types';
import { validateConfig } from './validate';

/** Outcome of {@link loadConfigText}: the config when it has no errors, and every issue. */
export interface LoadConfigResult {
  config?: HeraldConfig;
  issues: ConfigIssue[];
}

/** Aliases beyond this are a "billion laughs" document, not a configuration. */
const MAX_ALIAS_COUNT = 100;

/**
 * The largest document read, in characters. A document is parsed whole and its syntax tree
 * kept to locate every message, about 15 KB per route: 4 MiB (some 50,000 routes, checked in
 * seconds) is far above any real configuration (the shipped herald.yml is 9 KB), while a 50 MB
 * file would need more memory than Node.js has.
 */
export const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;

/**
 * Every `__proto__` key of the document. zod's records skip that key without a word (a
 * prototype-pollution guard), so `topics: {__proto__: ...}` would otherwise load with the
 * entry dropped unchecked, and a pattern field of that name would vanish from its pattern.
 */
const findProtoKeys = (doc: Document): RawIssue[] => {
  const issues: RawIssue[] = [];
  visit(doc, {
    Pair: (_, pair, ancestors) => {
      if (!isScalar(pair.key) || pair.key.value !== '__proto__') return;
      const path = ancestors.flatMap((node, i): (string | number)[] => {
        if (isPair(node)) return isScalar(node.key) ? [String(node.key.value)] : [];
        return isSeq(node) ? [node.items.indexOf(ancestors[i + 1] ?? pair)] : [];
      });
      issues.push({ level: 'error', path: [...path, '__proto__'], atKey: true, message: 'unsupported key "__proto__"' });
    },
  });
  return issues;
};

/**
 * Parses YAML text and checks it against a zod schema, then against `validate`; every issue
 * located by file, line, column and path. Shared by `herald.yml` and routing test cases files.
 * Never throws.
 */
export const loadYamlDocument = <T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  options: { validate?: (value: T) => RawIssue[]; knownKeysAt?: (path: DocPath, document: unknown) => readonly string[] } = {},
): { value?: T; issues: ConfigIssue[] } => {
  if (text.length > MAX_DOCUMENT_CHARS) {
    const mib = (chars: number) => `${(chars / (1024 * 1024)).toFixed(1)} MiB`;
    return { issues: [{ level: 'error', file, line: 1, column: 1, path: '', message: `the file is ${mib(text.length)}, more than the ${mib(MAX_DOCUMENT_CHARS)} a configuration may be: is it the right file?` }] };
  }
  const lineCounter = new LineCounter();
  // resolveKnownTags: false, so YAML 1.1 tags (`!!binary`, `!!set`, `!!omap`, `!!timestamp`)
  // do not turn values into a Buffer, Set, Map or Date that the schema would misjudge: a Set
  // or Map passes as an empty mapping. The tag is ignored, as any unknown tag is.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, resolveKnownTags: false });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors
        .map((error): ConfigIssue => {
          const position = lineCounter.linePos(error.pos[0]);
          return { level: 'error', file, line: position.line, column: position.col, path: '', message: `YAML syntax: ${error.message.split('\n')[0] ?? error.message}` };
        })
        // The parser reports some errors after later ones (when it backtracks); print in file order.
        .sort((a, b) => a.line - b.line || a.column - b.column),
    };
  }
  // A list or mapping used as a key (`? [a, b]: x`) has no place in herald.yml; say so here
  // rather than let the YAML library stringify it with a warning on stderr.
  let collectionKey: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && typeof pair.key === 'object' && !isScalar(pair.key)) {
        collectionKey = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (collectionKey !== undefined) {
    const position = lineCounter.linePos(collectionKey);
    return { issues: [{ level: 'error', file, line: position.line, column: position.col, path: '', message: 'YAML: a key must be a plain value, not a list or a mapping' }] };
  }
  let document: unknown;
  try {
    document = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return { issues: [{ level: 'error', file, line: 1, column: 1, path: '', message: `YAML: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  // In file order, as a compiler prints them.
  const located = (raw: readonly RawIssue[]): ConfigIssue[] =>
    raw
      .map((issue): ConfigIssue => ({ level: issue.level, file, ...locate(doc, lineCounter, issue.path, issue.atKey), path: formatPath(issue.path), message: issue.message }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
  if (document === null || document === undefined) {
    return { issues: [{ level: 'error', file, line: 1, column: 1, path: '', message: 'empty document: expected a mapping' }] };
  }
  const parsed = schema.safeParse(document, { reportInput: false });
  if (!parsed.success) {
    // Report the cross-reference problems too, so one run lists everything: the validator
    // reads a malformed document defensively, and whatever it cannot read it skips.
    let semantic: RawIssue[] = [];
    try {
      semantic = options.validate?.(document as T) ?? [];
    } catch {
      semantic = [];
    }
    const schemaIssues = fromZodIssues(parsed.error.issues, document, options.knownKeysAt);
    const seen = new Set(schemaIssues.map((i) => formatPath(i.path)));
    // A warning about a part the schema refused (an action with an unknown key is also "never
    // used") says nothing the error does not: the schema's error alone is reported there.
    const refused = schemaIssues.map((i) => i.path);
    const within = (a: DocPath, b: DocPath) => a.length <= b.length && a.every((segment, i) => segment === b[i]);
    const aboutRefused = (issue: RawIssue) => issue.level === 'warning' && refused.some((path) => path.length > 0 && (within(path, issue.path) || within(issue.path, path)));
    return { issues: located([...schemaIssues, ...[...findProtoKeys(doc), ...semantic].filter((i) => !seen.has(formatPath(i.path)) && !aboutRefused(i))]) };
  }
  const issues = located([...findProtoKeys(doc), ...(options.validate?.(parsed.data) ?? [])]);
  return issues.some((i) => i.level === 'error') ? { issues } : { value: parsed.data, issues };
};

/**
 * Parses and validates `herald.yml` text: YAML syntax, the strict schema (unknown keys are
 * errors), then cross-references and patterns. Every issue carries file, line, column and
 * path; all are reported at once. Never throws.
 */
export const loadConfigText = (text: string, file: string, check?: (config: HeraldConfig) => RawIssue[]): LoadConfigResult => {
  // `check`: what a stage above can tell of a valid document (the rules it derives); a document
  // the schema refused is not one it can read.
  const validate = (config: HeraldConfig): RawIssue[] => {
    const issues = validateConfig(config);
    if (check === undefined || !HERALD_CONFIG_SCHEMA.safeParse(config).success) return issues;
    return [...issues, ...check(config)];
  };
  const { value, issues } = loadYamlDocument(text, file, HERALD_CONFIG_SCHEMA, { validate, knownKeysAt: heraldKnownKeysAt });
  return value === undefined ? { issues } : { config: value, issues };
};

/** Like {@link loadConfigText}, but throws {@link ConfigError} listing every error. */
export const loadConfigOrThrow = (text: string, file: string): { config: HeraldConfig; issues: ConfigIssue[] } => {
  const result = loadConfigText(text, file);
  if (result.config === undefined) throw new ConfigError(result.issues);
  return { config: result.config, issues: result.issues };
};
