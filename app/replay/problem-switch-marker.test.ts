import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { PROBLEM_SWITCHED } from '../../protocol/problem-sequence.ts';
import { buildReplayIndex } from './build-index.ts';
import { SessionRecorder } from './fixtures/session-recorder.ts';
import { buildTimeline } from './timeline.ts';

describe('problem switches on the replay timeline', () => {
  it('marks each move to another problem, labelled with where the candidate went and why', () => {
    const rec = new SessionRecorder('two-problems', 1_700_000_000_000);
    const init = rec.client('service', 'initializer', 1);
    init.edit('seed', (doc) => {
      const files = doc.getMap(SESSION_DOC.files);
      files.set('1-two-sum/solution.ts', new Y.Text('export {}\n'));
      files.set('2-lru-cache/lru-cache.ts', new Y.Text('export {}\n'));
    });
    init.deliver();
    rec.event('session_started', {});
    rec.tick(60_000);
    rec.event(PROBLEM_SWITCHED, {
      from: 0,
      to: 1,
      problemId: 'p2',
      title: 'LRU Cache',
      reason: 'submitted',
    });
    rec.tick(30_000);
    rec.event(PROBLEM_SWITCHED, {
      from: 1,
      to: 0,
      problemId: 'p1',
      title: 'Two Sum',
      reason: 'candidate',
    });
    const history = rec.history();
    const timeline = buildTimeline(buildReplayIndex(history), history);
    const switches = timeline.markers.filter((marker) => marker.kind === 'problem-switch');
    expect(switches.map((marker) => marker.label)).toEqual([
      'Problem done; moved to problem 2: LRU Cache',
      'Moved to problem 1: Two Sum',
    ]);
    expect(switches.map((marker) => marker.at)).toEqual([1_700_000_060_000, 1_700_000_090_000]);
  });
});
