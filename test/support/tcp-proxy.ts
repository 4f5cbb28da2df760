import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback TCP proxy in front of another loopback server, that can be made to hang. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`, for a client's `endpoint` (or an `AWS_ENDPOINT_URL_*`). */
  endpoint: string;
  /**
   * From now on, every byte a client sends (on new and on already open, kept-alive
   * connections) is read and dropped: the connection stays open and nothing ever answers.
   * This is what a client sees from a server that accepted its request and stalls.
   */
  hang(): void;
  /**
   * Forwards again. Connections that swallowed part of a request while hung are closed
   * (their requests can never be answered; the client sees a reset and may retry).
   */
  resume(): void;
  /** Connections that are holding a swallowed request right now. */
  readonly stalled: number;
  /** Bytes dropped while hung, since the start. */
  readonly droppedBytes: number;
  close(): Promise<void>;
}

/**
 * Starts a TCP proxy on a free loopback port that pipes each connection to `upstream`
 * (`http://127.0.0.1:<port>`) and, on {@link TcpProxy.hang}, stops answering without closing
 * anything: the failure a client timeout exists for, and that a refused or reset connection
 * (which the SDK retries at once) does not reproduce.
 * @example
 * const proxy = await startTcpProxy(dynamo.endpoint);
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.endpoint;
 * proxy.hang();
 */
export const startTcpProxy = async (upstream: string): Promise<TcpProxy> => {
  const target = new URL(upstream);
  let hung = false;
  let droppedBytes = 0;
  const open = new Set<Socket>();
  const stalled = new Set<Socket>();

  const server = createServer((client) => {
    const backend = connect({ host: target.hostname, port: Number(target.port) });
    open.add(client).add(backend);
    const end = () => {
      stalled.delete(client);
      open.delete(client);
      open.delete(backend);
      client.destroy();
      backend.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (hung || stalled.has(client)) {
        // Once a request is half swallowed, what follows on the connection cannot be forwarded.
        droppedBytes += chunk.length;
        stalled.add(client);
        return;
      }
      backend.write(chunk);
    });
    backend.on('data', (chunk: Buffer) => {
      if (!stalled.has(client)) client.write(chunk);
    });
    for (const socket of [client, backend]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    hang() {
      hung = true;
    },
    resume() {
      hung = false;
      for (const socket of stalled) socket.destroy();
      stalled.clear();
    },
    get stalled() {
      return stalled.size;
    },
    get droppedBytes() {
      return droppedBytes;
    },
    async close() {
      for (const socket of open) socket.destroy();
      open.clear();
      stalled.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
