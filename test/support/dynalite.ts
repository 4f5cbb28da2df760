import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerOnTestClock } from './scripted-server';
import { createStateTableCommand } from './state-table';

/** A real local DynamoDB (dynalite, in memory) on a free loopback port. */
export interface LocalDynamo {
  client: DynamoDBClient;
  endpoint: string;
  createStateTable(name: string): Promise<void>;
  close(): Promise<void>;
}

export const startDynalite = async (): Promise<LocalDynamo> => {
  // dynalite has no types; it returns a node http.Server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => import('node:http').Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // First: dynalite's own handler writes the answer (see answerOnTestClock).
  server.prependListener('request', (_req, res: ServerResponse) => answerOnTestClock(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    client,
    endpoint,
    async createStateTable(name) {
      await client.send(createStateTableCommand(name));
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
