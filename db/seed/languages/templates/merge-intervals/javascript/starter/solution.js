/** Merges overlapping intervals and returns them sorted by start. */
export function merge(intervals) {
  // Your code here
  return intervals;
}
