import { formatClock, useCountdown } from './use-countdown.ts';

/** The interview countdown: warns at 10 and 2 minutes, owned by the server's deadline. */
export function Timer(props: {
  /** The candidate's id, to resync from its status endpoint; null for observers. */
  candidateId: string | null;
  deadlineAt: string;
  serverTime: string;
  status: string;
  onWarning: (secondsLeft: number) => void;
  onExpired: () => void;
}) {
  const { secondsLeft } = useCountdown({
    statusUrl: props.candidateId ? `/api/interview/${props.candidateId}/status` : null,
    deadlineAt: props.deadlineAt,
    serverTime: props.serverTime,
    initialStatus: props.status,
    warnings: [600, 120],
    onWarning: props.onWarning,
    onExpired: props.onExpired,
  });
  const tone = secondsLeft <= 120 ? 'critical' : secondsLeft <= 600 ? 'warning' : 'normal';
  return (
    <div
      className={`timer timer-${tone}`}
      role="timer"
      aria-label={`${Math.ceil(secondsLeft / 60)} minutes left`}
    >
      <span className="timer-label">Time left</span>
      <span className="timer-value" data-testid="timer">
        {formatClock(secondsLeft)}
      </span>
    </div>
  );
}
