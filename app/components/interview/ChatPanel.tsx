import { type FormEvent, useRef, useState } from 'react';
import { readSseEvents } from '../../../protocol/sse.ts';
import { CodeBlock } from '../ui/CodeBlock.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { type ChatBlock, splitChatBlocks } from './chat-blocks.ts';

export interface ChatTurn {
  id: string;
  prompt: string;
  response: string;
  error?: string | null;
}

export interface ChatPanelProps {
  candidateId: string;
  /** The assessment allows the assistant. */
  enabled: boolean;
  /** The server has an Anthropic key. */
  available: boolean;
  initialTurns: ChatTurn[];
  /** The file the candidate has open, sent as context. */
  getOpenFile: () => { path: string; content: string } | null;
  /** Inserts code from an answer into the editor, tagged as an AI paste; false when no file is open. */
  onInsertCode: (code: string) => boolean;
  /** Remembers code copied out of an answer, so pasting it is tagged as an AI paste. */
  onCopyCode: (code: string) => void;
}

function Blocks(props: {
  text: string;
  onInsert: (code: string) => void;
  onCopy: (code: string) => void;
}) {
  const blocks: ChatBlock[] = splitChatBlocks(props.text);
  return (
    <>
      {blocks.map((block, index) =>
        block.type === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are positional
          <p key={index} className="chat-text">
            {block.text.trim()}
          </p>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are positional
          <div key={index} className="chat-code">
            <CodeBlock code={block.code} language={block.language} />
            {block.complete ? (
              <div className="row">
                <button type="button" className="small" onClick={() => props.onInsert(block.code)}>
                  Insert into editor
                </button>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    props.onCopy(block.code);
                    void navigator.clipboard?.writeText(block.code).catch(() => {});
                  }}
                >
                  Copy
                </button>
              </div>
            ) : null}
          </div>
        ),
      )}
    </>
  );
}

/** The AI assistant: answers stream in; code in answers can be inserted or copied. */
export function ChatPanel(props: ChatPanelProps) {
  const [turns, setTurns] = useState<ChatTurn[]>(props.initialTurns);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [usage, setUsage] = useState<{ inputTokens: number; outputTokens: number } | null>(null);
  const toasts = useToasts();
  const list = useRef<HTMLDivElement>(null);

  if (!props.enabled || !props.available) {
    return (
      <section className="chat-panel" aria-label="AI assistant">
        <header className="panel-header">AI assistant</header>
        <p className="muted chat-unavailable">
          {props.enabled
            ? 'The AI assistant is unavailable on this server.'
            : 'The AI assistant is not part of this interview.'}
        </p>
      </section>
    );
  }

  const ask = async (message: string) => {
    const id = `pending-${Date.now()}`;
    setTurns((all) => [...all, { id, prompt: message, response: '' }]);
    setBusy(true);
    const update = (change: (turn: ChatTurn) => ChatTurn) =>
      setTurns((all) => all.map((turn) => (turn.id === id ? change(turn) : turn)));
    try {
      const response = await fetch(`/api/interview/${props.candidateId}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message, openFile: props.getOpenFile() }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        throw new Error(body?.error?.message ?? `The assistant answered ${response.status}.`);
      }
      if (!response.body) throw new Error('The assistant sent nothing.');
      for await (const { event, data } of readSseEvents(response.body)) {
        if (event === 'content')
          update((turn) => ({
            ...turn,
            response: turn.response + (data as { delta: string }).delta,
          }));
        else if (event === 'usage') setUsage(data as { inputTokens: number; outputTokens: number });
        else if (event === 'error')
          update((turn) => ({ ...turn, error: (data as { message: string }).message }));
        list.current?.scrollTo({ top: list.current.scrollHeight });
      }
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      update((turn) => ({ ...turn, error: text }));
      toasts.show({
        tone: 'error',
        message: text,
        action: { label: 'Retry', run: () => void ask(message) },
      });
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message = draft.trim();
    if (!message || busy) return;
    setDraft('');
    void ask(message);
  };

  return (
    <section className="chat-panel" aria-label="AI assistant">
      <header className="panel-header">
        AI assistant
        {usage ? (
          <span className="muted small">{` ${usage.inputTokens + usage.outputTokens} tokens last turn`}</span>
        ) : null}
      </header>
      <div className="chat-turns" ref={list}>
        {turns.length === 0 ? (
          <p className="muted small">
            Ask for a hint, an explanation or a review. The hiring team sees this chat.
          </p>
        ) : null}
        {turns.map((turn) => (
          <article key={turn.id} className="chat-turn">
            <div className="chat-prompt">{turn.prompt}</div>
            <div className="chat-answer" aria-busy={busy && !turn.response && !turn.error}>
              {turn.response ? (
                <Blocks
                  text={turn.response}
                  onInsert={(code) => {
                    if (!props.onInsertCode(code)) {
                      toasts.show({
                        tone: 'warning',
                        message: 'Open a file in the editor to insert the code into.',
                      });
                    }
                  }}
                  onCopy={props.onCopyCode}
                />
              ) : turn.error ? null : (
                <span className="skeleton chat-thinking" role="status" aria-label="Thinking" />
              )}
              {turn.error ? <p className="form-error">{turn.error}</p> : null}
            </div>
          </article>
        ))}
      </div>
      <form className="chat-form" onSubmit={submit}>
        <textarea
          aria-label="Message the assistant"
          value={draft}
          rows={2}
          placeholder="Ask the assistant… (Enter sends)"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) submit(event);
          }}
        />
        <button type="submit" disabled={busy || !draft.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
