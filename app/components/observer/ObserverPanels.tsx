import type { SessionEventRecord } from '../../../protocol/events.ts';
import { splitChatBlocks } from '../interview/chat-blocks.ts';
import { TestResultsPanel } from '../tests/TestResultsPanel.tsx';
import { CodeBlock } from '../ui/CodeBlock.tsx';
import { chatTurnsOf, latestRun } from './activity-views.ts';

/** The candidate's latest test run, live (grading runs show hidden results to the team). */
export function ObserverTests({
  events,
  testNames,
}: {
  events: SessionEventRecord[];
  testNames: string[];
}) {
  return <TestResultsPanel run={latestRun(events)} testNames={testNames} />;
}

/** The candidate's AI conversation, read-only, turn by turn as it happens. */
export function ObserverChat({ events }: { events: SessionEventRecord[] }) {
  const turns = chatTurnsOf(events);
  return (
    <div className="chat-turns observer-chat">
      {turns.length === 0 ? <p className="muted small">No messages to the assistant yet.</p> : null}
      {turns.map((turn) => (
        <article key={turn.id} className="chat-turn">
          <div className="chat-prompt">{turn.prompt}</div>
          <div className="chat-answer">
            {turn.response === null ? (
              <span className="muted small">The assistant is answering…</span>
            ) : (
              splitChatBlocks(turn.response).map((block, i) =>
                block.type === 'text' ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: positional blocks
                  <p key={i} className="chat-text">
                    {block.text.trim()}
                  </p>
                ) : (
                  <CodeBlock
                    // biome-ignore lint/suspicious/noArrayIndexKey: positional blocks
                    key={i}
                    code={block.code}
                    language={block.language}
                    className="chat-code"
                  />
                ),
              )
            )}
            {turn.tokens !== null ? (
              <p className="muted small">{`${turn.tokens.toLocaleString()} tokens`}</p>
            ) : null}
          </div>
        </article>
      ))}
    </div>
  );
}
