#[path = "solution.rs"]
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
