"""The locked split of our own labelled data: a fifth of every set is test, by id alone.

The split depends on nothing but each line's id (a hash), so it was fixed before anything
was built on the data and stays fixed as sets grow: a line never moves between the parts.
Tune on `train`; report figures on `test`.

    python corpus/split.py faq      # prints how many lines each part has
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
# The labelled questions travel with the content: the bot's classifier trains on them.
FOLDERS = {"faq": CORPUS.parent / "content" / "faq_examples"}
TEST_SHARE = 5  # one in five
PROFILE_TEST_SHARE = 4  # one in four of the simulated prospects


def is_test(line_id: str, share: int = TEST_SHARE) -> bool:
    """Whether a line (or a profile) belongs to the locked test part."""
    return hashlib.sha256(line_id.encode()).digest()[0] % share == 0


def lines(kind: str, part: str | None = None) -> Iterator[dict[str, object]]:
    """The labelled lines of `corpus/<kind>/*.jsonl` (faq: `content/faq_examples/`),
    optionally only `train` or `test`."""
    for path in sorted(FOLDERS.get(kind, CORPUS / kind).glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            item = json.loads(raw)
            if part is None or (part == "test") == is_test(str(item["id"])):
                yield item


def main(argv: list[str]) -> int:
    """Write the chosen part of a set to stdout as JSON Lines, or count both parts."""
    if len(argv) == 3 and argv[2] in ("train", "test"):
        for item in lines(argv[1], argv[2]):
            print(json.dumps(item, ensure_ascii=False))
        return 0
    if len(argv) != 2:
        print("usage: split.py KIND [train|test]", file=sys.stderr)
        return 2
    train = sum(1 for _ in lines(argv[1], "train"))
    test = sum(1 for _ in lines(argv[1], "test"))
    print(f"{argv[1]}: {train} train, {test} test")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
