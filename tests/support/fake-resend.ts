import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  authorization: string | undefined;
  /** The Idempotency-Key header, when the sender gave one. */
  idempotencyKey: string | undefined;
  body: { from: string; to: string | string[]; subject: string; html?: string; text?: string };
}

export interface FakeResend {
  url: string;
  emails: ReceivedEmail[];
  /** Requests that repeated an Idempotency-Key already sent: answered with the first mail's id, not sent again. */
  repeats: number;
  /** While true, a mail is taken (recorded) but never answered: the sender waits on. */
  holdAnswers: boolean;
  /** Answer the next N requests with this status (to test failures). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

/** A local HTTP server that speaks Resend's `POST /emails` API, for the real `resend` SDK. */
export async function startFakeResend(): Promise<FakeResend> {
  const emails: ReceivedEmail[] = [];
  const sentByKey = new Map<string, { id: string }>();
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
    // As Resend does: a repeated key is the same mail, answered with its id and not sent again.
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : undefined;
    const earlier = idempotencyKey ? sentByKey.get(idempotencyKey) : undefined;
    if (earlier) {
      fake.repeats += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(earlier));
      return;
    }
    emails.push({
      authorization: request.headers.authorization,
      idempotencyKey,
      body: JSON.parse(raw),
    });
    const answer = { id: `re_${emails.length}` };
    if (idempotencyKey) sentByKey.set(idempotencyKey, answer);
    if (fake.holdAnswers) return;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeResend = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emails,
    repeats: 0,
    holdAnswers: false,
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
  return fake;
}
