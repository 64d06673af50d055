import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SolutionTest {
    @Test
    void findsAPairAtTheStart() {
        assertArrayEquals(new int[] {0, 1}, Solution.twoSum(new int[] {2, 7, 11, 15}, 9));
    }

    @Test
    void findsAPairInTheMiddle() {
        assertArrayEquals(new int[] {1, 2}, Solution.twoSum(new int[] {3, 2, 4}, 6));
    }

    @Test
    void handlesDuplicates() {
        assertArrayEquals(new int[] {0, 1}, Solution.twoSum(new int[] {3, 3}, 6));
    }
}
