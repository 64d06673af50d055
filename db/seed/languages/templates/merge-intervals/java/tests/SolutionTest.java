import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SolutionTest {
    @Test
    void mergesOverlapping() {
        assertArrayEquals(
            new int[][] {{1, 6}, {8, 10}, {15, 18}},
            Solution.merge(new int[][] {{1, 3}, {2, 6}, {8, 10}, {15, 18}}));
    }

    @Test
    void touchingIntervalsMerge() {
        assertArrayEquals(new int[][] {{1, 5}}, Solution.merge(new int[][] {{1, 4}, {4, 5}}));
    }

    @Test
    void unsortedInput() {
        assertArrayEquals(new int[][] {{1, 6}, {8, 10}}, Solution.merge(new int[][] {{8, 10}, {1, 3}, {2, 6}}));
    }
}
