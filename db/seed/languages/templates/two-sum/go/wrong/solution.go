package solution

func TwoSum(nums []int, target int) []int {
	for i := 0; i+1 < len(nums); i++ {
		if nums[i]+nums[i+1] == target {
			return []int{i, i + 1}
		}
	}
	return []int{-1, -1}
}
