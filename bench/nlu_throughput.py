"""Answer extraction throughput on one core, against spaCy's tokenizer on the same texts.

    python bench/nlu_throughput.py [--rounds 5] [--file texts.jsonl]

Prints utterances per second for the full extraction and for `nlp.make_doc` alone
(the baseline, measured in the same run), their ratio, and the pipeline start-up time.
Texts come from tests/data/nlu_cases.jsonl, or any JSON Lines file with "text" and "lang".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _startup_seconds() -> float:
    """Time to import the extraction and build both pipelines, in a fresh process."""
    code = (
        "import time; t=time.perf_counter();"
        "from bot.content.catalog import load_content;"
        "from bot.settings import DEFAULT_CONTENT_DIR;"
        "x = load_content(DEFAULT_CONTENT_DIR).extractor;"
        "x.pipeline('de'); x.pipeline('en');"
        "print(time.perf_counter()-t)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--trials", type=int, default=3, help="best of this many")
    parser.add_argument("--file", type=Path, default=ROOT / "tests" / "data" / "nlu_cases.jsonl")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from bot.content.catalog import load_content
    from bot.settings import DEFAULT_CONTENT_DIR

    extractor = load_content(DEFAULT_CONTENT_DIR).extractor
    extract = extractor.extract

    items = [
        json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line
    ]
    texts = [(item["text"], item["lang"], item.get("expect")) for item in items]
    today = date(2026, 11, 22)
    for text, lang, expect in texts:  # warm up caches and both pipelines
        extract(text, lang, today=today, expect=expect)

    tokenizers = {lang: extractor.pipeline(lang) for lang in ("de", "en")}
    count = len(texts) * args.rounds

    def best_rate(work: Callable[[str, str, str | None], object]) -> float:
        """Utterances per second of the fastest trial: the least disturbed by other load."""
        best = float("inf")
        for _ in range(args.trials):
            started = time.perf_counter()
            for _ in range(args.rounds):
                for text, lang, expect in texts:
                    work(text, lang, expect)
            best = min(best, time.perf_counter() - started)
        return count / best

    tokenizer_rate = best_rate(lambda text, lang, _expect: tokenizers[lang].make_doc(text))
    extraction_rate = best_rate(
        lambda text, lang, expect: extract(text, lang, today=today, expect=expect)
    )

    print(f"texts: {len(texts)} x {args.rounds} rounds, best of {args.trials} trials, one core")
    print(f"spaCy tokenizer alone:  {tokenizer_rate:10,.0f} utterances/s  (baseline)")
    print(f"full extraction:        {extraction_rate:10,.0f} utterances/s")
    print(f"ratio extraction/tokenizer: {extraction_rate / tokenizer_rate:.3f}")
    print(f"pipeline start-up (fresh process, both languages): {_startup_seconds():.2f} s")


if __name__ == "__main__":
    main()
