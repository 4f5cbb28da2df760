// A local DynamoDB (dynalite, in memory) in a process of its own: the bench's timings then
// measure the router's work, not the server's, which in production runs elsewhere too.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createStateTableCommand } from '../test/support/state-table';

/** dynalite on a free loopback port, in a child process. */
export interface DynamoProcess {
  endpoint: string;
  /** Creates an empty table shaped as serverless.yml declares the state table (test/support/dynalite.ts does the same). */
  createStateTable(name: string): Promise<void>;
  /** Stops the child process. */
  close(): Promise<void>;
}

/** Tables are ready at once, as in test/support/dynalite.ts; the port is printed once listening. */
const SERVER = `const server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));`;

const portOf = (child: ChildProcess): Promise<number> =>
  new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(Number(text.trim()));
    });
    child.once('exit', (code) => reject(new Error(`dynalite exited (${String(code)}) before listening`)));
  });

/** Starts dynalite from this package's node_modules (the working directory is the repository). */
export const startDynaliteProcess = async (): Promise<DynamoProcess> => {
  const child = spawn(process.execPath, ['-e', SERVER], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await portOf(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    endpoint,
    async createStateTable(name) {
      await client.send(createStateTableCommand(name));
    },
    async close() {
      client.destroy();
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
};
