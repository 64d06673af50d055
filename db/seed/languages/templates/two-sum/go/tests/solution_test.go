package solution

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
