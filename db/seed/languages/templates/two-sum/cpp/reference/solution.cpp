#include <stdexcept>
#include <unordered_map>
#include <vector>

std::vector<int> twoSum(const std::vector<int>& nums, int target) {
    std::unordered_map<int, int> seen;
    for (int j = 0; j < (int) nums.size(); j++) {
        auto found = seen.find(target - nums[j]);
        if (found != seen.end()) return {found->second, j};
        seen[nums[j]] = j;
    }
    throw std::invalid_argument("no solution");
}
