import type { Timeline } from './timeline.ts';

/**
 * The replay's search box: every instant whose event label, marker, note or
 * file name contains the query (case-insensitive), in time order.
 */
export interface SearchHit {
  at: number;
  kind: 'event' | 'marker' | 'note' | 'file';
  label: string;
}

/** Instants matching `query`; an empty query matches nothing. */
export function searchTimeline(timeline: Timeline, query: string): SearchHit[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const matches = (text: string) => text.toLowerCase().includes(needle);
  const hits: SearchHit[] = [];
  for (const event of timeline.events) {
    // The label covers the sentence; the data covers what it clips (long AI answers).
    if (matches(event.label) || matches(JSON.stringify(event.data))) {
      hits.push({ at: event.at, kind: 'event', label: event.label });
    }
  }
  for (const marker of timeline.markers) {
    if (marker.kind !== 'note' && marker.eventSeq === undefined && matches(marker.label)) {
      hits.push({ at: marker.at, kind: 'marker', label: marker.label });
    }
  }
  for (const note of timeline.notes) {
    if (matches(note.text)) hits.push({ at: note.at, kind: 'note', label: note.text });
  }
  for (const file of timeline.files) {
    if (matches(file.path)) {
      const how = file.renamedFrom ? `renamed from ${file.renamedFrom}` : 'created';
      hits.push({ at: file.createdAt, kind: 'file', label: `${file.path} ${how}` });
    }
  }
  return hits.sort((a, b) => a.at - b.at);
}
