#include <unordered_map>
#include <vector>

// Returns the indices {i, j} (i < j) of the two numbers that add up to target.
std::vector<int> twoSum(const std::vector<int>& nums, int target) {
    // Your code here
    return {-1, -1};
}
