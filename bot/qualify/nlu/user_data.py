"""Keys of the per-message data in `doc.user_data`.

Cheaper than `doc._` extensions, which build a helper object on every access.
"""

NORMALIZED = "leadbot.normalized"
EXTRACTION = "leadbot.extraction"
TODAY = "leadbot.today"
EXPECT = "leadbot.expect"
RULES = "leadbot.rules"  # what the rule readers found, before the classifiers decided
