/** Returns the indices [i, j] (i < j) of the two numbers that add up to target. */
export function twoSum(nums, target) {
  // Your code here
  return [-1, -1];
}
