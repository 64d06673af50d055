import { formatOffset } from './replay-time.ts';

/** Icons as paths in a 16×16 box (no icon font: glyphs like ⏮ are missing on many systems). */
const ICONS = {
  previousMarker: 'M3 2h2v12H3zM14 2v12L6 8z',
  stepBack: 'M12 2v12L4 8z',
  play: 'M4 2l10 6-10 6z',
  pause: 'M3 2h4v12H3zM9 2h4v12H9z',
  stepForward: 'M4 2v12l8-6z',
  nextMarker: 'M11 2h2v12h-2zM2 2v12l8-6z',
} as const;

function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} />
    </svg>
  );
}

import { type ReplayClock, SPEEDS, type Speed } from './use-replay-clock.ts';

/** Play and pause, stepping, speed, skipping idle time, and the clock. */
export function ReplayControls(props: {
  clock: ReplayClock;
  start: number;
  end: number;
  onStep(dir: 1 | -1, large: boolean): void;
  onMarker(dir: 1 | -1): void;
}) {
  const { clock, start, end } = props;
  return (
    <div className="replay-controls" role="toolbar" aria-label="Playback">
      <button
        type="button"
        className="icon-button"
        onClick={() => props.onMarker(-1)}
        aria-label="Previous marker"
        title="Previous marker (Page Up)"
      >
        <Icon name="previousMarker" />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={() => props.onStep(-1, false)}
        aria-label="Step back"
        title="Step back (←, Shift+← for 10 s)"
      >
        <Icon name="stepBack" />
      </button>
      <button
        type="button"
        className="play-button"
        onClick={clock.toggle}
        aria-label={clock.playing ? 'Pause' : 'Play'}
        title="Play or pause (Space)"
      >
        <Icon name={clock.playing ? 'pause' : 'play'} />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={() => props.onStep(1, false)}
        aria-label="Step forward"
        title="Step forward (→, Shift+→ for 10 s)"
      >
        <Icon name="stepForward" />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={() => props.onMarker(1)}
        aria-label="Next marker"
        title="Next marker (Page Down)"
      >
        <Icon name="nextMarker" />
      </button>
      <span className="replay-clock" aria-live="off" data-testid="replay-clock">
        {formatOffset(clock.time - start)} / {formatOffset(end - start)}
      </span>
      <label className="inline-label">
        Speed
        <select
          value={clock.speed}
          onChange={(event) => clock.setSpeed(Number(event.currentTarget.value) as Speed)}
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </label>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={clock.skipIdle}
          onChange={(event) => clock.setSkipIdle(event.currentTarget.checked)}
        />
        Skip idle
      </label>
    </div>
  );
}
