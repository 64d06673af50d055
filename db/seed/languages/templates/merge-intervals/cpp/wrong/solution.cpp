#include <algorithm>
#include <vector>

std::vector<std::vector<int>> merge(std::vector<std::vector<int>> intervals) {
    std::sort(intervals.begin(), intervals.end());
    std::vector<std::vector<int>> merged;
    for (const auto& interval : intervals) {
        if (!merged.empty() && interval[0] <= merged.back()[1]) merged.back()[1] = interval[1];
        else merged.push_back(interval);
    }
    return merged;
}
