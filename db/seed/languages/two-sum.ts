import type { SeedLanguageVersions } from './types.ts';

/** Two Sum in the languages beside its TypeScript original (decision 023). */
export const twoSumVersions: SeedLanguageVersions = {
  javascript: {
    module: 'solution.js',
    starterFiles: [
      {
        path: 'solution.js',
        content: `/** Returns the indices [i, j] (i < j) of the two numbers that add up to target. */
export function twoSum(nums, target) {
  // Your code here
  return [-1, -1];
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'solution.test.js',
        content: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { twoSum } from './solution.js';

test('finds a pair at the start', () => {
  assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1]);
});

test('finds a pair in the middle', () => {
  assert.deepEqual(twoSum([3, 2, 4], 6), [1, 2]);
});

test('handles duplicates', () => {
  assert.deepEqual(twoSum([3, 3], 6), [0, 1]);
});
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.js',
        content: `export function twoSum(nums, target) {
  const seen = new Map();
  for (let j = 0; j < nums.length; j++) {
    if (seen.has(target - nums[j])) return [seen.get(target - nums[j]), j];
    seen.set(nums[j], j);
  }
  throw new Error('no solution');
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.js',
        content: `export function twoSum(nums, target) {
  for (let i = 0; i + 1 < nums.length; i++) if (nums[i] + nums[i + 1] === target) return [i, i + 1];
  return [-1, -1];
}
`,
      },
    ],
  },
  python: {
    module: 'solution.py',
    starterFiles: [
      {
        path: 'solution.py',
        content: `def two_sum(nums: list[int], target: int) -> list[int]:
    """Returns the indices [i, j] (i < j) of the two numbers that add up to target."""
    # Your code here
    return [-1, -1]
`,
      },
    ],
    visibleTests: [
      {
        path: 'test_solution.py',
        content: `import unittest

from solution import two_sum


class TwoSumTest(unittest.TestCase):
    def test_finds_a_pair_at_the_start(self):
        self.assertEqual(two_sum([2, 7, 11, 15], 9), [0, 1])

    def test_finds_a_pair_in_the_middle(self):
        self.assertEqual(two_sum([3, 2, 4], 6), [1, 2])

    def test_handles_duplicates(self):
        self.assertEqual(two_sum([3, 3], 6), [0, 1])
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.py',
        content: `def two_sum(nums: list[int], target: int) -> list[int]:
    seen: dict[int, int] = {}
    for j, value in enumerate(nums):
        if target - value in seen:
            return [seen[target - value], j]
        seen[value] = j
    raise ValueError("no solution")
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.py',
        content: `def two_sum(nums: list[int], target: int) -> list[int]:
    for i in range(len(nums) - 1):
        if nums[i] + nums[i + 1] == target:
            return [i, i + 1]
    return [-1, -1]
`,
      },
    ],
  },
  java: {
    module: 'Solution.java',
    starterFiles: [
      {
        path: 'Solution.java',
        content: `import java.util.HashMap;
import java.util.Map;

public class Solution {
    /** Returns the indices {i, j} (i < j) of the two numbers that add up to target. */
    public static int[] twoSum(int[] nums, int target) {
        // Your code here
        return new int[] {-1, -1};
    }
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'SolutionTest.java',
        content: `import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
`,
      },
    ],
    referenceSolution: [
      {
        path: 'Solution.java',
        content: `import java.util.HashMap;
import java.util.Map;

public class Solution {
    public static int[] twoSum(int[] nums, int target) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (int j = 0; j < nums.length; j++) {
            Integer i = seen.get(target - nums[j]);
            if (i != null) return new int[] {i, j};
            seen.put(nums[j], j);
        }
        throw new IllegalArgumentException("no solution");
    }
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'Solution.java',
        content: `public class Solution {
    public static int[] twoSum(int[] nums, int target) {
        for (int i = 0; i + 1 < nums.length; i++) {
            if (nums[i] + nums[i + 1] == target) return new int[] {i, i + 1};
        }
        return new int[] {-1, -1};
    }
}
`,
      },
    ],
  },
  cpp: {
    module: 'solution.cpp',
    starterFiles: [
      {
        path: 'solution.cpp',
        content: `#include <unordered_map>
#include <vector>

// Returns the indices {i, j} (i < j) of the two numbers that add up to target.
std::vector<int> twoSum(const std::vector<int>& nums, int target) {
    // Your code here
    return {-1, -1};
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'solution_test.cpp',
        content: `#include "tandem_test.hpp"
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
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.cpp',
        content: `#include <stdexcept>
#include <unordered_map>
#include <vector>

std::vector<int> twoSum(const std::vector<int>& nums, int target) {
    std::unordered_map<int, int> seen;
    for (int j = 0; j < (int) nums.size(); j++) {
        auto found = seen.find(target - nums[j]);
        if (found != seen.end()) return {found->second, j};
        seen[nums[j]] = j;
    }
    throw std::invalid_argument("no solution");
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.cpp',
        content: `#include <vector>

std::vector<int> twoSum(const std::vector<int>& nums, int target) {
    for (int i = 0; i + 1 < (int) nums.size(); i++) {
        if (nums[i] + nums[i + 1] == target) return {i, i + 1};
    }
    return {-1, -1};
}
`,
      },
    ],
  },
  go: {
    module: 'solution.go',
    starterFiles: [
      { path: 'go.mod', content: 'module solution\n\ngo 1.19\n' },
      {
        path: 'solution.go',
        content: `package solution

// TwoSum returns the indices [i, j] (i < j) of the two numbers that add up to target.
func TwoSum(nums []int, target int) []int {
	// Your code here
	return []int{-1, -1}
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'solution_test.go',
        content: `package solution

import (
	"reflect"
	"testing"
)

func TestFindsAPairAtTheStart(t *testing.T) {
	if got := TwoSum([]int{2, 7, 11, 15}, 9); !reflect.DeepEqual(got, []int{0, 1}) {
		t.Errorf("TwoSum([2 7 11 15], 9) = %v, want [0 1]", got)
	}
}

func TestFindsAPairInTheMiddle(t *testing.T) {
	if got := TwoSum([]int{3, 2, 4}, 6); !reflect.DeepEqual(got, []int{1, 2}) {
		t.Errorf("TwoSum([3 2 4], 6) = %v, want [1 2]", got)
	}
}

func TestHandlesDuplicates(t *testing.T) {
	if got := TwoSum([]int{3, 3}, 6); !reflect.DeepEqual(got, []int{0, 1}) {
		t.Errorf("TwoSum([3 3], 6) = %v, want [0 1]", got)
	}
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.go',
        content: `package solution

func TwoSum(nums []int, target int) []int {
	seen := map[int]int{}
	for j, value := range nums {
		if i, ok := seen[target-value]; ok {
			return []int{i, j}
		}
		seen[value] = j
	}
	panic("no solution")
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.go',
        content: `package solution

func TwoSum(nums []int, target int) []int {
	for i := 0; i+1 < len(nums); i++ {
		if nums[i]+nums[i+1] == target {
			return []int{i, i + 1}
		}
	}
	return []int{-1, -1}
}
`,
      },
    ],
  },
  rust: {
    module: 'solution.rs',
    starterFiles: [
      {
        path: 'solution.rs',
        content: `use std::collections::HashMap;

/// Returns the indices [i, j] (i < j) of the two numbers that add up to target.
pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    // Your code here
    vec![-1, -1]
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'solution_test.rs',
        content: `#[path = "solution.rs"]
mod solution;

#[cfg(test)]
mod tests {
    use super::solution::two_sum;

    #[test]
    fn finds_a_pair_at_the_start() {
        assert_eq!(two_sum(vec![2, 7, 11, 15], 9), vec![0, 1]);
    }

    #[test]
    fn finds_a_pair_in_the_middle() {
        assert_eq!(two_sum(vec![3, 2, 4], 6), vec![1, 2]);
    }

    #[test]
    fn handles_duplicates() {
        assert_eq!(two_sum(vec![3, 3], 6), vec![0, 1]);
    }
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.rs',
        content: `use std::collections::HashMap;

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
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.rs',
        content: `pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    for i in 0..nums.len().saturating_sub(1) {
        if nums[i] + nums[i + 1] == target {
            return vec![i as i32, i as i32 + 1];
        }
    }
    vec![-1, -1]
}
`,
      },
    ],
  },
};
