import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  authorization: string | undefined;
  body: { from: string; to: string | string[]; subject: string; html?: string; text?: string };
}

export interface FakeResend {
  url: string;
  emails: ReceivedEmail[];
  /** Answer the next N requests with this status (to test failures). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

/** A local HTTP server that speaks Resend's `POST /emails` API, for the real `resend` SDK. */
export async function startFakeResend(): Promise<FakeResend> {
  const emails: ReceivedEmail[] = [];
  let failures = 0;
  let failStatus = 500;
  const server: Server = createServer(async (request, response) => {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    if (request.method !== 'POST' || request.url !== '/emails') {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"message":"not found"}');
      return;
    }
    if (failures > 0) {
      failures -= 1;
      response.writeHead(failStatus, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          statusCode: failStatus,
          name: 'application_error',
          message: 'Something went wrong',
        }),
      );
      return;
    }
    emails.push({ authorization: request.headers.authorization, body: JSON.parse(raw) });
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: `re_${emails.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emails,
    failNext: (count, status = 500) => {
      failures = count;
      failStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
