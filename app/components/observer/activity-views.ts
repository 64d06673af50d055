import type { SessionEventRecord } from '../../../protocol/events.ts';
import type { TestStreamEvent } from '../../../protocol/tests-stream.ts';
import { applyTestEvent, startingRun, type TestRunView } from '../tests/test-run-state.ts';

/** The latest test run, rebuilt from recorded events exactly as the candidate's stream built it. */
export function latestRun(events: SessionEventRecord[]): TestRunView | null {
  let run: TestRunView | null = null;
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    let streamEvent: TestStreamEvent | null = null;
    if (event.type === 'test_run_started') streamEvent = { event: 'start', data: data as never };
    else if (event.type === 'test_result')
      streamEvent = { event: 'test_result', data: data as never };
    else if (event.type === 'test_run_finished') {
      streamEvent = data.error
        ? {
            event: 'error',
            data: {
              runId: String(data.runId),
              code: String(data.error),
              message: `The run ended with ${String(data.error)}.`,
            },
          }
        : { event: 'done', data: data as never };
    }
    if (streamEvent) run = applyTestEvent(run ?? startingRun(), streamEvent);
  }
  return run;
}

export interface ObservedTurn {
  id: string;
  prompt: string;
  response: string | null;
  tokens: number | null;
}

/** The AI chat as the candidate sees it, from ai_turn_started / ai_turn_finished events. */
export function chatTurnsOf(events: SessionEventRecord[]): ObservedTurn[] {
  const turns = new Map<string, ObservedTurn>();
  for (const event of events) {
    const data = event.data as {
      interactionId?: string;
      prompt?: string;
      response?: string;
      inputTokens?: number;
      outputTokens?: number;
    };
    if (!data.interactionId) continue;
    if (event.type === 'ai_turn_started') {
      turns.set(data.interactionId, {
        id: data.interactionId,
        prompt: data.prompt ?? '',
        response: null,
        tokens: null,
      });
    } else if (event.type === 'ai_turn_finished') {
      const turn = turns.get(data.interactionId) ?? {
        id: data.interactionId,
        prompt: '',
        response: null,
        tokens: null,
      };
      turns.set(data.interactionId, {
        ...turn,
        response: data.response ?? '',
        tokens: (data.inputTokens ?? 0) + (data.outputTokens ?? 0),
      });
    }
  }
  return [...turns.values()];
}

/** Whether the candidate's tab is in the background right now, from focus and visibility events. */
export function candidateAway(events: SessionEventRecord[]): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'visibility') return !(event.data as { visible: boolean }).visible;
    if (event.type === 'focus') return !(event.data as { focused: boolean }).focused;
  }
  return false;
}
