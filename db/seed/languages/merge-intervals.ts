import type { SeedLanguageVersions } from './types.ts';

/** Merge Intervals in the languages beside its Python original (decision 023). */
export const mergeIntervalsVersions: SeedLanguageVersions = {
  typescript: {
    module: 'solution.ts',
    starterFiles: [
      {
        path: 'solution.ts',
        content: `/** Merges overlapping intervals and returns them sorted by start. */
export function merge(intervals: number[][]): number[][] {
  // Your code here
  return intervals;
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'solution.test.ts',
        content: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { merge } from './solution.ts';

test('merges overlapping', () => {
  assert.deepEqual(merge([[1, 3], [2, 6], [8, 10], [15, 18]]), [[1, 6], [8, 10], [15, 18]]);
});

test('touching intervals merge', () => {
  assert.deepEqual(merge([[1, 4], [4, 5]]), [[1, 5]]);
});

test('unsorted input', () => {
  assert.deepEqual(merge([[8, 10], [1, 3], [2, 6]]), [[1, 6], [8, 10]]);
});
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.ts',
        content: `export function merge(intervals: number[][]): number[][] {
  const merged: number[][] = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0]! - b[0]!)) {
    const last = merged.at(-1);
    if (last && start! <= last[1]!) last[1] = Math.max(last[1]!, end!);
    else merged.push([start!, end!]);
  }
  return merged;
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.ts',
        content: `export function merge(intervals: number[][]): number[][] {
  const merged: number[][] = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0]! - b[0]!)) {
    const last = merged.at(-1);
    if (last && start! <= last[1]!) last[1] = end!;
    else merged.push([start!, end!]);
  }
  return merged;
}
`,
      },
    ],
  },
  javascript: {
    module: 'solution.js',
    starterFiles: [
      {
        path: 'solution.js',
        content: `/** Merges overlapping intervals and returns them sorted by start. */
export function merge(intervals) {
  // Your code here
  return intervals;
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'solution.test.js',
        content: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { merge } from './solution.js';

test('merges overlapping', () => {
  assert.deepEqual(merge([[1, 3], [2, 6], [8, 10], [15, 18]]), [[1, 6], [8, 10], [15, 18]]);
});

test('touching intervals merge', () => {
  assert.deepEqual(merge([[1, 4], [4, 5]]), [[1, 5]]);
});

test('unsorted input', () => {
  assert.deepEqual(merge([[8, 10], [1, 3], [2, 6]]), [[1, 6], [8, 10]]);
});
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.js',
        content: `export function merge(intervals) {
  const merged = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.js',
        content: `export function merge(intervals) {
  const merged = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = end;
    else merged.push([start, end]);
  }
  return merged;
}
`,
      },
    ],
  },
  java: {
    module: 'Solution.java',
    starterFiles: [
      {
        path: 'Solution.java',
        content: `import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class Solution {
    /** Merges overlapping intervals and returns them sorted by start. */
    public static int[][] merge(int[][] intervals) {
        // Your code here
        return intervals;
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
`,
      },
    ],
    referenceSolution: [
      {
        path: 'Solution.java',
        content: `import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

public class Solution {
    public static int[][] merge(int[][] intervals) {
        int[][] sorted = intervals.clone();
        Arrays.sort(sorted, Comparator.comparingInt(interval -> interval[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] interval : sorted) {
            if (!merged.isEmpty() && interval[0] <= merged.get(merged.size() - 1)[1]) {
                int[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], interval[1]);
            } else {
                merged.add(new int[] {interval[0], interval[1]});
            }
        }
        return merged.toArray(new int[0][]);
    }
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'Solution.java',
        content: `import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

public class Solution {
    public static int[][] merge(int[][] intervals) {
        int[][] sorted = intervals.clone();
        Arrays.sort(sorted, Comparator.comparingInt(interval -> interval[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] interval : sorted) {
            if (!merged.isEmpty() && interval[0] <= merged.get(merged.size() - 1)[1]) {
                merged.get(merged.size() - 1)[1] = interval[1];
            } else {
                merged.add(new int[] {interval[0], interval[1]});
            }
        }
        return merged.toArray(new int[0][]);
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
        content: `#include <algorithm>
#include <vector>

// Merges overlapping intervals and returns them sorted by start.
std::vector<std::vector<int>> merge(std::vector<std::vector<int>> intervals) {
    // Your code here
    return intervals;
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'solution_test.cpp',
        content: `#include "tandem_test.hpp"
#include "solution.cpp"

using Intervals = std::vector<std::vector<int>>;

TEST(Merge, MergesOverlapping) {
    EXPECT_EQ(merge({{1, 3}, {2, 6}, {8, 10}, {15, 18}}), (Intervals{{1, 6}, {8, 10}, {15, 18}}));
}

TEST(Merge, TouchingIntervalsMerge) {
    EXPECT_EQ(merge({{1, 4}, {4, 5}}), (Intervals{{1, 5}}));
}

TEST(Merge, UnsortedInput) {
    EXPECT_EQ(merge({{8, 10}, {1, 3}, {2, 6}}), (Intervals{{1, 6}, {8, 10}}));
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.cpp',
        content: `#include <algorithm>
#include <vector>

std::vector<std::vector<int>> merge(std::vector<std::vector<int>> intervals) {
    std::sort(intervals.begin(), intervals.end());
    std::vector<std::vector<int>> merged;
    for (const auto& interval : intervals) {
        if (!merged.empty() && interval[0] <= merged.back()[1]) {
            merged.back()[1] = std::max(merged.back()[1], interval[1]);
        } else {
            merged.push_back(interval);
        }
    }
    return merged;
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.cpp',
        content: `#include <algorithm>
#include <vector>

std::vector<std::vector<int>> merge(std::vector<std::vector<int>> intervals) {
    std::sort(intervals.begin(), intervals.end());
    std::vector<std::vector<int>> merged;
    for (const auto& interval : intervals) {
        if (!merged.empty() && interval[0] <= merged.back()[1]) merged.back()[1] = interval[1];
        else merged.push_back(interval);
    }
    return merged;
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

// Merge merges overlapping intervals and returns them sorted by start.
func Merge(intervals [][]int) [][]int {
	// Your code here
	return intervals
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

func TestMergesOverlapping(t *testing.T) {
	got := Merge([][]int{{1, 3}, {2, 6}, {8, 10}, {15, 18}})
	if want := [][]int{{1, 6}, {8, 10}, {15, 18}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestTouchingIntervalsMerge(t *testing.T) {
	got := Merge([][]int{{1, 4}, {4, 5}})
	if want := [][]int{{1, 5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestUnsortedInput(t *testing.T) {
	got := Merge([][]int{{8, 10}, {1, 3}, {2, 6}})
	if want := [][]int{{1, 6}, {8, 10}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.go',
        content: `package solution

import "sort"

func Merge(intervals [][]int) [][]int {
	sorted := append([][]int{}, intervals...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a][0] < sorted[b][0] })
	merged := [][]int{}
	for _, interval := range sorted {
		if n := len(merged); n > 0 && interval[0] <= merged[n-1][1] {
			if interval[1] > merged[n-1][1] {
				merged[n-1][1] = interval[1]
			}
		} else {
			merged = append(merged, []int{interval[0], interval[1]})
		}
	}
	return merged
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.go',
        content: `package solution

import "sort"

func Merge(intervals [][]int) [][]int {
	sorted := append([][]int{}, intervals...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a][0] < sorted[b][0] })
	merged := [][]int{}
	for _, interval := range sorted {
		if n := len(merged); n > 0 && interval[0] <= merged[n-1][1] {
			merged[n-1][1] = interval[1]
		} else {
			merged = append(merged, []int{interval[0], interval[1]})
		}
	}
	return merged
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
        content: `/// Merges overlapping intervals and returns them sorted by start.
pub fn merge(intervals: Vec<Vec<i32>>) -> Vec<Vec<i32>> {
    // Your code here
    intervals
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
    use super::solution::merge;

    #[test]
    fn merges_overlapping() {
        assert_eq!(
            merge(vec![vec![1, 3], vec![2, 6], vec![8, 10], vec![15, 18]]),
            vec![vec![1, 6], vec![8, 10], vec![15, 18]]
        );
    }

    #[test]
    fn touching_intervals_merge() {
        assert_eq!(merge(vec![vec![1, 4], vec![4, 5]]), vec![vec![1, 5]]);
    }

    #[test]
    fn unsorted_input() {
        assert_eq!(merge(vec![vec![8, 10], vec![1, 3], vec![2, 6]]), vec![vec![1, 6], vec![8, 10]]);
    }
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'solution.rs',
        content: `pub fn merge(mut intervals: Vec<Vec<i32>>) -> Vec<Vec<i32>> {
    intervals.sort();
    let mut merged: Vec<Vec<i32>> = Vec::new();
    for interval in intervals {
        match merged.last_mut() {
            Some(last) if interval[0] <= last[1] => last[1] = last[1].max(interval[1]),
            _ => merged.push(interval),
        }
    }
    merged
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'solution.rs',
        content: `pub fn merge(mut intervals: Vec<Vec<i32>>) -> Vec<Vec<i32>> {
    intervals.sort();
    let mut merged: Vec<Vec<i32>> = Vec::new();
    for interval in intervals {
        match merged.last_mut() {
            Some(last) if interval[0] <= last[1] => last[1] = interval[1],
            _ => merged.push(interval),
        }
    }
    merged
}
`,
      },
    ],
  },
};
