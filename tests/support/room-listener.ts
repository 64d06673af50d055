import { parseRoomMessage, type RoomMessage } from '../../protocol/room.ts';
import type { TestCollabClient } from './collab-client.ts';
import { eventually } from './collab-client.ts';

/** Collects the live room's messages a collab client receives. */
export function listenToRoom(client: TestCollabClient) {
  const messages: RoomMessage[] = [];
  client.provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = parseRoomMessage(payload);
    if (message) messages.push(message);
  });
  return {
    messages,
    /** Waits (at most `timeoutMs`) for a room event by name and returns it. */
    waitFor(event: string, timeoutMs = 5000) {
      return eventually(
        () => messages.find((m) => m.type === 'room' && m.event === event),
        `room event ${event}`,
        timeoutMs,
      );
    },
  };
}
