package solution

// TwoSum returns the indices [i, j] (i < j) of the two numbers that add up to target.
func TwoSum(nums []int, target int) []int {
	// Your code here
	return []int{-1, -1}
}
