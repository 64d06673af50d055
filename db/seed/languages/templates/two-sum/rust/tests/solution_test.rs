#[path = "solution.rs"]
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
