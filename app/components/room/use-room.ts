import { useCallback, useRef, useState } from 'react';
import type { ChatMessage, RoomEvent, RoomMessage, RoomState } from '../../../protocol/room.ts';

export interface RoomView {
  state: RoomState;
  /** The last clock change pushed while this page was open. */
  lastEvent: RoomEvent | null;
  chat: ChatMessage[];
  ended: boolean;
  /** Give this to the workspace's mount options. */
  onRoomMessage: (message: RoomMessage) => void;
  /** Adds a line this page posted (the push may come before or after the reply). */
  addChat: (message: ChatMessage) => void;
}

/**
 * The live room as a page sees it: the state the loader read, then every
 * change the server pushes over the session's WebSocket.
 */
export function useRoom(
  initial: RoomState,
  initialChat: ChatMessage[],
  onEvent?: (event: RoomEvent, state: RoomState) => void,
): RoomView {
  const [state, setState] = useState(initial);
  const [lastEvent, setLastEvent] = useState<RoomEvent | null>(null);
  const [chat, setChat] = useState(initialChat);
  const callback = useRef(onEvent);
  callback.current = onEvent;
  const addChat = useCallback((message: ChatMessage) => {
    setChat((lines) =>
      lines.some((line) => line.id === message.id) ? lines : [...lines, message],
    );
  }, []);
  const onRoomMessage = useCallback(
    (message: RoomMessage) => {
      if (message.type === 'chat') return addChat(message.message);
      setState(message.state);
      setLastEvent(message.event);
      callback.current?.(message.event, message.state);
    },
    [addChat],
  );
  const ended = state.status === 'COMPLETED' || state.status === 'EXPIRED';
  return { state, lastEvent, chat, ended, onRoomMessage, addChat };
}
