"""slugkit: slugs and durations, the example workspace of trine."""
