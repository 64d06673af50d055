pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    for i in 0..nums.len().saturating_sub(1) {
        if nums[i] + nums[i + 1] == target {
            return vec![i as i32, i as i32 + 1];
        }
    }
    vec![-1, -1]
}
