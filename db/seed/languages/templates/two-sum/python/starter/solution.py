def two_sum(nums: list[int], target: int) -> list[int]:
    """Returns the indices [i, j] (i < j) of the two numbers that add up to target."""
    # Your code here
    return [-1, -1]
