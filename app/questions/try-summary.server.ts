import { readTestStream, type TestDoneEvent } from '../../protocol/tests-stream.ts';

/** Reads a test stream to its end and returns its summary (null when the run failed). */
export async function readTestStreamSummary(
  body: ReadableStream<Uint8Array>,
): Promise<TestDoneEvent | null> {
  let summary: TestDoneEvent | null = null;
  for await (const event of readTestStream(body)) {
    if (event.event === 'done') summary = event.data;
  }
  return summary;
}
