use std::collections::HashMap;

/// Returns the indices [i, j] (i < j) of the two numbers that add up to target.
pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    // Your code here
    vec![-1, -1]
}
