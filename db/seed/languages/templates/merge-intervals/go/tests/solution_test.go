package solution

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
