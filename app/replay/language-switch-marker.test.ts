import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { buildReplayIndex } from './build-index.ts';
import { SessionRecorder } from './fixtures/session-recorder.ts';
import { buildTimeline } from './timeline.ts';

describe('language switches on the replay timeline (decision 023)', () => {
  it('marks each switch, labelled with both languages and whether earlier work came back', () => {
    const rec = new SessionRecorder('language-switch', 1_700_000_000_000);
    const init = rec.client('service', 'initializer', 1);
    init.edit('seed', (doc) => {
      doc.getMap(SESSION_DOC.files).set('solution.ts', new Y.Text('export {}\n'));
    });
    init.deliver();
    rec.event('session_started', {});
    rec.tick(60_000);
    const problems = [{ position: 0, folder: '', from: 'typescript', to: 'java' }];
    rec.event('language_switched', { from: 'typescript', to: 'java', problems, restored: false });
    rec.tick(30_000);
    rec.event('language_switched', {
      from: 'java',
      to: 'typescript',
      problems: [{ position: 0, folder: '', from: 'java', to: 'typescript' }],
      restored: true,
    });
    const history = rec.history();
    const timeline = buildTimeline(buildReplayIndex(history), history);
    const switches = timeline.markers.filter((marker) => marker.kind === 'language-switch');
    expect(switches.map((marker) => marker.label)).toEqual([
      'Switched language from TypeScript to Java',
      'Switched language from Java to TypeScript (earlier work restored)',
    ]);
    expect(switches.map((marker) => marker.at)).toEqual([1_700_000_060_000, 1_700_000_090_000]);
  });
});
