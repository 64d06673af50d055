use std::collections::HashMap;

pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    let mut seen: HashMap<i32, i32> = HashMap::new();
    for (j, value) in nums.iter().enumerate() {
        if let Some(&i) = seen.get(&(target - value)) {
            return vec![i, j as i32];
        }
        seen.insert(*value, j as i32);
    }
    panic!("no solution")
}
