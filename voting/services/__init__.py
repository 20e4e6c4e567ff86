"""Every write of the Popular Vote: codes (verification), votes, voids, the result, the purge."""
