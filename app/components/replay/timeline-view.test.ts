import { describe, expect, it } from 'vitest';
import { followWindow, isWholeSession, panWindow, zoomWindow } from './timeline-view.ts';

const session = { from: 1000, to: 61_000 }; // one minute

describe('the timeline window', () => {
  it('zooms around an instant, which stays where it was on screen', () => {
    const view = zoomWindow(session, session, 31_000, 0.5);
    expect(view).toEqual({ from: 16_000, to: 46_000 });
    const closer = zoomWindow(session, view, 16_000, 0.5);
    expect(closer).toEqual({ from: 16_000, to: 31_000 });
    // The anchor's share of the way across is unchanged.
    const anchor = 40_000;
    const zoomed = zoomWindow(session, view, anchor, 0.5);
    expect((anchor - zoomed.from) / (zoomed.to - zoomed.from)).toBeCloseTo(
      (anchor - view.from) / (view.to - view.from),
    );
  });

  it('stops at 1 s in and at the whole session out, and never leaves the session', () => {
    let view = session;
    for (let i = 0; i < 20; i++) view = zoomWindow(session, view, 60_000, 0.5);
    expect(view.to - view.from).toBe(1000);
    expect(view.to).toBeLessThanOrEqual(session.to);
    for (let i = 0; i < 20; i++) view = zoomWindow(session, view, 2000, 2);
    expect(view).toEqual(session);
    expect(isWholeSession(session, view)).toBe(true);
    const short = { from: 0, to: 800 };
    expect(zoomWindow(short, short, 400, 0.5)).toEqual(short);
  });

  it('pans within the session', () => {
    const view = { from: 20_000, to: 30_000 };
    expect(panWindow(session, view, 5000)).toEqual({ from: 25_000, to: 35_000 });
    expect(panWindow(session, view, -100_000)).toEqual({ from: 1000, to: 11_000 });
    expect(panWindow(session, view, 100_000)).toEqual({ from: 51_000, to: 61_000 });
  });

  it('follows the playhead out of the window, a tenth of the way in', () => {
    const view = { from: 20_000, to: 30_000 };
    expect(followWindow(session, view, 25_000)).toBe(view);
    expect(followWindow(session, view, 45_000)).toEqual({ from: 44_000, to: 54_000 });
    expect(followWindow(session, view, 60_500)).toEqual({ from: 51_000, to: 61_000 });
    expect(followWindow(session, view, 0)).toEqual({ from: 1000, to: 11_000 });
  });
});
