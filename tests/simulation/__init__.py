"""Simulated prospects from corpus/profiles/*.yaml, played end to end through the dispatcher.

`profiles` reads and checks the files, `player` plays one profile and returns its `Outcome`,
`judge` compares it with what the profile expects. Only `adapter` knows leadbot's internals.
"""
