import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback front that sends each request to the endpoint of the account whose credentials signed it. */
export interface AccountRouter {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_<SERVICE>`. */
  endpoint: string;
  /** The access key ids of the requests it forwarded, in order, with where they went. */
  readonly forwarded: readonly { accessKeyId: string | undefined; to: string }[];
  close(): Promise<void>;
}

/**
 * Starts a front for one AWS service that, like AWS itself, answers each request in the account
 * of the credentials that signed it: a request signed with an access key id of `byAccessKeyId`
 * goes to that account's endpoint, any other to `otherwise`. One `AWS_ENDPOINT_URL_ECS` can so
 * serve a bundle that reads two accounts (the function's own, and a member's through its role).
 */
export const startAccountRouter = async (byAccessKeyId: Readonly<Record<string, string>>, otherwise: string): Promise<AccountRouter> => {
  const forwarded: { accessKeyId: string | undefined; to: string }[] = [];
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    const to = (accessKeyId === undefined ? undefined : byAccessKeyId[accessKeyId]) ?? otherwise;
    forwarded.push({ accessKeyId, to });
    const target = new URL(req.url ?? '/', to);
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    forwarded,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
