import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { MemoryStateStore } from './memory';
import type { AddOptions, Clock, PutIfGreaterResult, QueryOptions, StateRecord, StateStore } from './types';

/** Options of {@link FileStateStore}. */
export interface FileStateStoreOptions {
  /** The JSON file; a missing file is an empty store, created on the first write. */
  file: string;
  /** @default Date.now */
  now?: Clock;
}

/** A state file that cannot be used: unreadable, not JSON, or not in the expected shape. */
export class StateFileError extends Error {
  public constructor(
    /** The file, as given. */
    public readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`state file ${file}: ${message}`, options);
    this.name = 'StateFileError';
  }
}

/** Version of the file layout, so a later layout can be told apart and migrated. */
const FORMAT_VERSION = 1;

const stateFileSchema = z.strictObject({
  version: z.literal(FORMAT_VERSION),
  records: z.array(
    z.strictObject({
      pk: z.string(),
      sk: z.string(),
      expiresAt: z.number(),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    }),
  ),
});

// Structural, not `instanceof Error`: Node's fs errors come from another realm under jest.
const isMissingFile = (error: unknown): boolean => typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';

const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : String(error);

/** The records of a state file; none when it does not exist. */
const readStateFile = (file: string): StateRecord[] => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw new StateFileError(file, `cannot be read (${messageOf(error)})`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `is not valid JSON (${messageOf(error)})`, { cause: error });
  }
  const parsed = stateFileSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
    throw new StateFileError(file, `is not a herald state file (expected {"version": ${FORMAT_VERSION}, "records": [...]}): ${issues.join('; ')}`);
  }
  return parsed.data.records;
};

/**
 * A state store in one JSON file, for the CLI (`herald silence add --state FILE`, `herald
 * replay --state FILE`): read once on construction into a {@link MemoryStateStore}, written back
 * after every call that changes it. Writes go to a temporary file renamed over the old one, so
 * a crash never leaves half a file; expired records are left out. One process at a time: two
 * processes on one file each keep their own copy, and the last to write wins.
 *
 * @example
 * ```ts
 * const store = new FileStateStore({ file: 'silences.json' });
 * await store.put({ pk: 'silence', sk: 'maintenance', expiresAt, data: { comment: 'db upgrade' } });
 * ```
 */
export class FileStateStore implements StateStore {
  private readonly file: string;
  private readonly memory: MemoryStateStore;
  /** The last write, settled: writes run one after another. */
  private lastWrite: Promise<void> = Promise.resolve();
  /** A write queued but not started: a change made now is in its snapshot, so it is shared. */
  private queuedWrite: Promise<void> | undefined;
  private writeCount = 0;

  /** @throws {StateFileError} when the file exists but cannot be read or parsed. */
  public constructor(options: FileStateStoreOptions) {
    this.file = options.file;
    this.memory = new MemoryStateStore(options.now);
    this.memory.load(readStateFile(this.file));
  }

  public async get(pk: string, sk: string): Promise<StateRecord | undefined> {
    return this.memory.get(pk, sk);
  }

  public async putIfAbsent(record: StateRecord): Promise<boolean> {
    const written = await this.memory.putIfAbsent(record);
    if (written) await this.save();
    return written;
  }

  public async put(record: StateRecord): Promise<void> {
    await this.memory.put(record);
    await this.save();
  }

  public async claim(record: StateRecord, owner: string): Promise<boolean> {
    const claimed = await this.memory.claim(record, owner);
    if (claimed) await this.save();
    return claimed;
  }

  public async putIfGreater(record: StateRecord, field: string): Promise<PutIfGreaterResult> {
    const result = await this.memory.putIfGreater(record, field);
    if (result.written) await this.save();
    return result;
  }

  public async add(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions): Promise<StateRecord> {
    const record = await this.memory.add(pk, sk, increments, options);
    await this.save();
    return record;
  }

  public async addIfOpen(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions, closedField: string): Promise<StateRecord | undefined> {
    const record = await this.memory.addIfOpen(pk, sk, increments, options, closedField);
    if (record !== undefined) await this.save();
    return record;
  }

  public async query(pk: string, options?: QueryOptions): Promise<StateRecord[]> {
    return this.memory.query(pk, options);
  }

  public async delete(pk: string, sk: string): Promise<void> {
    await this.memory.delete(pk, sk);
    await this.save();
  }

  /** Number of unexpired records. */
  public get size(): number {
    return this.memory.size;
  }

  private save(): Promise<void> {
    if (this.queuedWrite !== undefined) return this.queuedWrite;
    const write = this.lastWrite.then(() => {
      this.queuedWrite = undefined;
      return this.write();
    });
    this.queuedWrite = write;
    this.lastWrite = write.catch(() => undefined);
    return write;
  }

  private async write(): Promise<void> {
    // The snapshot is taken before the first await: it holds every change made until now.
    const text = `${JSON.stringify({ version: FORMAT_VERSION, records: this.memory.records() }, null, 2)}\n`;
    // Same directory, so the rename is atomic (one file system).
    const temp = `${this.file}.${process.pid}.${++this.writeCount}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(temp, text, 'utf8');
      await rename(temp, this.file);
    } catch (error) {
      // Best effort: the original error is the one to report.
      await rm(temp, { force: true }).catch(() => undefined);
      throw new StateFileError(this.file, `cannot be written (${messageOf(error)})`, { cause: error });
    }
  }
}
