import type { ReactNode } from 'react';
import { type RoomState, roomSecondsLeft } from '../../../protocol/room.ts';
import { formatClock } from '../interview/use-countdown.ts';

/**
 * The interview clock while the live room says it is not simply running:
 * frozen while the team has paused it, over once it ended. `running` renders
 * the ticking timer otherwise; keyed by deadline so an extension restarts it.
 */
export function RoomClock(props: { state: RoomState; running: (state: RoomState) => ReactNode }) {
  const { state } = props;
  if (state.status === 'COMPLETED' || state.status === 'EXPIRED') {
    return (
      <div className="timer timer-ended" role="timer" data-testid="room-clock">
        <span className="timer-label">Interview</span>
        <span className="timer-value">{endLabel(state.endReason)}</span>
      </div>
    );
  }
  if (state.status === 'PAUSED') {
    const left = roomSecondsLeft(state, Date.parse(state.serverTime));
    return (
      <div className="timer timer-paused" role="timer" data-testid="room-clock">
        <span className="timer-label">Paused</span>
        <span className="timer-value" data-testid="timer">
          {formatClock(left)}
        </span>
      </div>
    );
  }
  return <span key={state.deadlineAt}>{props.running(state)}</span>;
}

/** Why an interview ended, in words. */
export function endLabel(reason: string | null): string {
  if (reason === 'timer') return 'time up';
  if (reason === 'admin') return 'ended by the team';
  return 'submitted';
}
