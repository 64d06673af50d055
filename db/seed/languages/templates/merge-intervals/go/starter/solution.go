package solution

// Merge merges overlapping intervals and returns them sorted by start.
func Merge(intervals [][]int) [][]int {
	// Your code here
	return intervals
}
