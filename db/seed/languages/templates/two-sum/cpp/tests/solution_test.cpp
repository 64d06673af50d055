#include "tandem_test.hpp"
#include "solution.cpp"

TEST(TwoSum, FindsAPairAtTheStart) {
    EXPECT_EQ(twoSum({2, 7, 11, 15}, 9), (std::vector<int>{0, 1}));
}

TEST(TwoSum, FindsAPairInTheMiddle) {
    EXPECT_EQ(twoSum({3, 2, 4}, 6), (std::vector<int>{1, 2}));
}

TEST(TwoSum, HandlesDuplicates) {
    EXPECT_EQ(twoSum({3, 3}, 6), (std::vector<int>{0, 1}));
}
