import { type FormEvent, useEffect, useRef, useState } from 'react';
import { CHAT_MAX_CHARS, type ChatMessage } from '../../../protocol/room.ts';

/**
 * The chat between the interviewers and the candidate (not the AI
 * assistant): lines arrive pushed through the live room; posting goes to
 * `postUrl`. Read-only once the interview is over.
 */
export function RoomChat(props: {
  messages: ChatMessage[];
  postUrl: string;
  closed: boolean;
  selfRole: ChatMessage['authorRole'];
  onPosted: (message: ChatMessage) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const count = props.messages.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a line arrives
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [count]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(props.postUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      const body = (await response.json().catch(() => null)) as {
        message?: ChatMessage;
        error?: { message: string };
      } | null;
      if (!response.ok || !body?.message) {
        setError(body?.error?.message ?? `Sending failed (${response.status}).`);
        return;
      }
      props.onPosted(body.message);
      setText('');
    } catch {
      setError('Sending failed: you seem to be offline.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="room-chat">
      <ol className="room-chat-lines" ref={list} aria-live="polite" data-testid="room-chat">
        {props.messages.length === 0 ? (
          <li className="muted small">
            {props.selfRole === 'candidate'
              ? 'Messages from the interviewers appear here.'
              : 'Messages with the candidate appear here.'}
          </li>
        ) : null}
        {props.messages.map((message) => (
          <li
            key={message.id}
            className={`room-chat-line ${message.authorRole === props.selfRole ? 'mine' : ''}`}
          >
            <span className="room-chat-author">{message.authorName}</span>{' '}
            <span className="muted small">
              {new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
            </span>
            <div className="room-chat-text">{message.text}</div>
          </li>
        ))}
      </ol>
      {props.closed ? (
        <p className="muted small">The interview is over; the chat is closed.</p>
      ) : (
        <form className="room-chat-form" onSubmit={send}>
          <label className="visually-hidden" htmlFor="room-chat-input">
            Message
          </label>
          <input
            id="room-chat-input"
            value={text}
            maxLength={CHAT_MAX_CHARS}
            placeholder={
              props.selfRole === 'candidate' ? 'Message the interviewers' : 'Message the candidate'
            }
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" disabled={busy || !text.trim()}>
            Send
          </button>
        </form>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
