"""Work on a clock: the scheduler, the due-work engine and the workers that drain through it."""
