#include "tandem_test.hpp"
#include "solution.cpp"

using Intervals = std::vector<std::vector<int>>;

TEST(Merge, MergesOverlapping) {
    EXPECT_EQ(merge({{1, 3}, {2, 6}, {8, 10}, {15, 18}}), (Intervals{{1, 6}, {8, 10}, {15, 18}}));
}

TEST(Merge, TouchingIntervalsMerge) {
    EXPECT_EQ(merge({{1, 4}, {4, 5}}), (Intervals{{1, 5}}));
}

TEST(Merge, UnsortedInput) {
    EXPECT_EQ(merge({{8, 10}, {1, 3}, {2, 6}}), (Intervals{{1, 6}, {8, 10}}));
}
