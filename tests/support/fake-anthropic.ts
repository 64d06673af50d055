import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in answers to one request. */
export interface ScriptedReply {
  /** Text sent as text_delta chunks, in order. */
  text?: string[];
  /** A tool call sent after the text (stop_reason tool_use). */
  toolUse?: { name: string; input: Record<string, unknown> };
  inputTokens?: number;
  outputTokens?: number;
  /** Pause between chunks, to observe streaming. */
  delayMs?: number;
  /** Answer with this HTTP status and an Anthropic error body instead. */
  errorStatus?: number;
  /** Hold the answer until this settles (a model call that hangs while the test acts). */
  hold?: Promise<unknown>;
}

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    system?: string | Array<{ type: string; text: string }>;
    messages: Array<{ role: string; content: unknown }>;
    tools?: Array<{ name: string }>;
    stream?: boolean;
  };
}

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  /** Queues replies; each request takes the next one (the last one repeats). */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A local HTTP server that speaks the Anthropic Messages API's streaming
 * protocol (message_start, content_block_*, message_delta, message_stop), so
 * the real @anthropic-ai/sdk can be exercised without the internet.
 */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  let queue: ScriptedReply[] = [{ text: ['Hello'] }];
  let served = 0;
  const server: Server = createServer(async (request, response) => {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    if (request.method !== 'POST' || !request.url?.startsWith('/v1/messages')) {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw) as RecordedRequest['body'];
    requests.push({ headers: request.headers, body });
    const reply = queue[Math.min(served, queue.length - 1)]!;
    served += 1;
    if (reply.hold) await reply.hold;
    if (reply.errorStatus) {
      response.writeHead(reply.errorStatus, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
        }),
      );
      return;
    }
    const inputTokens = reply.inputTokens ?? 100;
    const outputTokens = reply.outputTokens ?? 20;
    if (!body.stream) {
      // A plain (non-streaming) Messages API answer.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `msg_${served}`,
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [{ type: 'text', text: (reply.text ?? []).join('') }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: inputTokens, output_tokens: outputTokens },
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(
      frame('message_start', {
        type: 'message_start',
        message: {
          id: `msg_${served}`,
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: inputTokens, output_tokens: 1 },
        },
      }),
    );
    let index = 0;
    if (reply.text && reply.text.length > 0) {
      response.write(
        frame('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '' },
        }),
      );
      for (const chunk of reply.text) {
        if (reply.delayMs) await sleep(reply.delayMs);
        response.write(
          frame('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text: chunk },
          }),
        );
      }
      response.write(frame('content_block_stop', { type: 'content_block_stop', index }));
      index += 1;
    }
    if (reply.toolUse) {
      response.write(
        frame('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: {
            type: 'tool_use',
            id: `toolu_${served}`,
            name: reply.toolUse.name,
            input: {},
          },
        }),
      );
      response.write(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(reply.toolUse.input) },
        }),
      );
      response.write(frame('content_block_stop', { type: 'content_block_stop', index }));
    }
    response.write(
      frame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: reply.toolUse ? 'tool_use' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: outputTokens },
      }),
    );
    response.write(frame('message_stop', { type: 'message_stop' }));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      queue = replies;
      served = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
