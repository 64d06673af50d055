#include <algorithm>
#include <vector>

// Merges overlapping intervals and returns them sorted by start.
std::vector<std::vector<int>> merge(std::vector<std::vector<int>> intervals) {
    // Your code here
    return intervals;
}
