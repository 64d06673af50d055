package solution

func TwoSum(nums []int, target int) []int {
	seen := map[int]int{}
	for j, value := range nums {
		if i, ok := seen[target-value]; ok {
			return []int{i, j}
		}
		seen[value] = j
	}
	panic("no solution")
}
