// DynamoDB requests and the request units they are billed, counted by the clients that send
// them. On-demand tables bill write request units (1 per write of an item up to 1 KB, a failed
// conditional write included) and read request units (1 per strongly consistent read of up to
// 4 KB, half for an eventually consistent one; a Query is billed on the items it read, at least
// one unit's worth even when it finds none).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Requests and billed units, by operation (`PutItem`, `Query`...). */
export class DynamoUsage {
  /** HTTP requests sent, retries included. */
  public readonly requests = new Map<string, number>();
  public readonly writeUnits = new Map<string, number>();
  public readonly readUnits = new Map<string, number>();

  /** Requests of every operation. */
  public totalRequests(): number {
    return sum(this.requests);
  }

  /** Write request units of every operation. */
  public totalWriteUnits(): number {
    return sum(this.writeUnits);
  }

  /** Read request units of every operation. */
  public totalReadUnits(): number {
    return sum(this.readUnits);
  }

  /** `PutItem 3, GetItem 1` */
  public describeRequests(): string {
    return [...this.requests].map(([operation, n]) => `${operation} ${n}`).join(', ');
  }

  /** A copy, to subtract later: what one step of a run cost. */
  public snapshot(): DynamoUsage {
    const copy = new DynamoUsage();
    for (const [from, to] of [[this.requests, copy.requests], [this.writeUnits, copy.writeUnits], [this.readUnits, copy.readUnits]] as const) {
      for (const [operation, n] of from) to.set(operation, n);
    }
    return copy;
  }

  /** What was counted since `earlier` (a {@link snapshot} of this). */
  public since(earlier: DynamoUsage): DynamoUsage {
    const delta = new DynamoUsage();
    for (const [now, then, into] of [[this.requests, earlier.requests, delta.requests], [this.writeUnits, earlier.writeUnits, delta.writeUnits], [this.readUnits, earlier.readUnits, delta.readUnits]] as const) {
      for (const [operation, n] of now) if (n !== (then.get(operation) ?? 0)) into.set(operation, n - (then.get(operation) ?? 0));
    }
    return delta;
  }

  /** Adds the counts of `other` to these. */
  public add(other: DynamoUsage): void {
    for (const [from, to] of [[other.requests, this.requests], [other.writeUnits, this.writeUnits], [other.readUnits, this.readUnits]] as const) {
      for (const [operation, n] of from) bump(to, operation, n);
    }
  }
}

const sum = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((total, n) => total + n, 0);

const bump = (counts: Map<string, number>, operation: string, n: number): void => {
  counts.set(operation, (counts.get(operation) ?? 0) + n);
};

/** The operations that write, and those that read, with the items one request touches. */
const WRITES: Readonly<Record<string, (input: Record<string, unknown>) => number>> = {
  PutItem: () => 1,
  UpdateItem: () => 1,
  DeleteItem: () => 1,
  BatchWriteItem: (input) => Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0),
  // A transaction bills two units per item written (prepare and commit).
  TransactWriteItems: (input) => 2 * ((input.TransactItems as unknown[] | undefined)?.length ?? 0),
};
const READS: Readonly<Record<string, (input: Record<string, unknown>) => number>> = {
  GetItem: () => 1,
  Query: () => 1,
  Scan: () => 1,
  BatchGetItem: (input) => Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).reduce((n, table) => n + (table.Keys?.length ?? 0), 0),
};

/** `ConsumedCapacity` of an answer: one object, or one per table for batch operations. */
const reportedUnits = (output: unknown): number => {
  const consumed = (output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  return list.reduce((n: number, c: unknown) => n + ((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
};

/**
 * The units a call is billed: what DynamoDB (here dynalite, which sizes items as DynamoDB does)
 * reports in `ConsumedCapacity`, but never less than the minimum per item touched. DynamoDB
 * reports nothing for a write whose condition failed, yet bills it; dynalite reports 0 for a
 * Query that found nothing, which DynamoDB bills as one read.
 */
const billedUnits = (operation: string, input: Record<string, unknown>, output: unknown): { write: number; read: number } => {
  const reported = reportedUnits(output);
  const writes = WRITES[operation];
  if (writes !== undefined) return { write: Math.max(writes(input), reported), read: 0 };
  const reads = READS[operation];
  // GetItem, Query and BatchGetItem read eventually consistent unless asked otherwise: half a unit.
  const perItem = input.ConsistentRead === true ? 1 : 0.5;
  if (reads !== undefined) return { write: 0, read: Math.max(reads(input) * perItem, reported) };
  return { write: 0, read: 0 };
};

/** An error that means DynamoDB answered and billed the write (its condition was not met). */
const billedFailure = (error: unknown): boolean => (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * Counts what `client` sends into `usage`: each HTTP attempt as a request (the deserialize step
 * runs once per attempt, after the retry middleware), and each call's billed units (asking for
 * `ConsumedCapacity` on every request, which changes nothing else).
 */
export const countDynamoUsage = (client: DynamoDBClient, usage: DynamoUsage): DynamoDBClient => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      bump(usage.requests, operation, 1);
      return next(args);
    },
    { step: 'deserialize', name: 'benchCountRequests' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const input = { ...(args.input as Record<string, unknown>), ReturnConsumedCapacity: 'TOTAL' };
      const charge = (output: unknown): void => {
        const units = billedUnits(operation, input, output);
        if (units.write > 0) bump(usage.writeUnits, operation, units.write);
        if (units.read > 0) bump(usage.readUnits, operation, units.read);
      };
      try {
        const result = await next({ ...args, input });
        charge(result.output);
        return result;
      } catch (error) {
        if (billedFailure(error)) charge(undefined);
        throw error;
      }
    },
    { step: 'initialize', name: 'benchCountUnits' },
  );
  return client;
};

/** A DynamoDB client for `endpoint` whose requests and units are counted into `usage`. */
export const countingDynamoClient = (endpoint: string, usage: DynamoUsage): DynamoDBClient =>
  countDynamoUsage(new DynamoDBClient({ endpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), usage);
