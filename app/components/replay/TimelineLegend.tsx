import type { TimelineMarker } from '../../replay/timeline.ts';
import { MARKER_TEXT } from './Timeline.tsx';

/** What the timeline's marker shapes and colours mean: the kinds this session has. */
export function TimelineLegend(props: { markers: readonly TimelineMarker[] }) {
  const kinds = (Object.keys(MARKER_TEXT) as Array<TimelineMarker['kind']>).filter((kind) =>
    props.markers.some((marker) => marker.kind === kind),
  );
  if (kinds.length === 0) return null;
  return (
    <ul className="timeline-legend" aria-label="Timeline markers">
      {kinds.map((kind) => (
        <li key={kind}>
          <span className={`timeline-marker legend-swatch marker-${kind}`} aria-hidden="true" />
          {MARKER_TEXT[kind]}
        </li>
      ))}
    </ul>
  );
}
