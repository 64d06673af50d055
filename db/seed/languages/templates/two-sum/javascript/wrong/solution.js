export function twoSum(nums, target) {
  for (let i = 0; i + 1 < nums.length; i++) if (nums[i] + nums[i + 1] === target) return [i, i + 1];
  return [-1, -1];
}
