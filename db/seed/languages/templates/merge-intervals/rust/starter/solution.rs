/// Merges overlapping intervals and returns them sorted by start.
pub fn merge(intervals: Vec<Vec<i32>>) -> Vec<Vec<i32>> {
    // Your code here
    intervals
}
