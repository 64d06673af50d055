import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class Solution {
    /** Merges overlapping intervals and returns them sorted by start. */
    public static int[][] merge(int[][] intervals) {
        // Your code here
        return intervals;
    }
}
