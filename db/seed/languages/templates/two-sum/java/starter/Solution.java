import java.util.HashMap;
import java.util.Map;

public class Solution {
    /** Returns the indices {i, j} (i < j) of the two numbers that add up to target. */
    public static int[] twoSum(int[] nums, int target) {
        // Your code here
        return new int[] {-1, -1};
    }
}
