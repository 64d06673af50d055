#include <vector>

std::vector<int> twoSum(const std::vector<int>& nums, int target) {
    for (int i = 0; i + 1 < (int) nums.size(); i++) {
        if (nums[i] + nums[i + 1] == target) return {i, i + 1};
    }
    return {-1, -1};
}
