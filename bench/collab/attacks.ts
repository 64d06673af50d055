/**
 * What one hostile client of `npm run bench -- collab-abuse` does (issue 12),
 * each repeated for a whole window, reconnecting whenever it is closed:
 * - bad-path-update: an update writing a file key that climbs out of the workspace;
 * - oversized-step2: a 7.3 MB sync step 2 (one 7,340,032-character file);
 * - step2-flood: sync step 2s just under the 1 MB cap, back to back;
 * - big-awareness: 1 MB awareness states;
 * - awareness-flood: small awareness states, 20 per 5 ms;
 * - presence-spoof: awareness states set for another client's id.
 */
export const ATTACKS = [
  'bad-path-update',
  'oversized-step2',
  'step2-flood',
  'big-awareness',
  'awareness-flood',
  'presence-spoof',
] as const;
export type Attack = (typeof ATTACKS)[number];
