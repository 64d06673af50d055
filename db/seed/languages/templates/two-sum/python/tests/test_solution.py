import unittest

from solution import two_sum


class TwoSumTest(unittest.TestCase):
    def test_finds_a_pair_at_the_start(self):
        self.assertEqual(two_sum([2, 7, 11, 15], 9), [0, 1])

    def test_finds_a_pair_in_the_middle(self):
        self.assertEqual(two_sum([3, 2, 4], 6), [1, 2])

    def test_handles_duplicates(self):
        self.assertEqual(two_sum([3, 3], 6), [0, 1])
