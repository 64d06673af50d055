/** Merges overlapping intervals and returns them sorted by start. */
export function merge(intervals: number[][]): number[][] {
  // Your code here
  return intervals;
}
