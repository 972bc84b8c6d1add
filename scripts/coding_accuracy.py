"""Measure the auto-coder against the hand-labelled gold set of the bundled AZE data
and print the figures docs/coding.md reports (before and after tuning the codebook).

    .venv/bin/python scripts/coding_accuracy.py [--write docs/coding_accuracy.md]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctnat.coding.autocode import autocode  # noqa: E402
from ctnat.coding.evaluate import evaluate, markdown, read_gold  # noqa: E402
from ctnat.coding.run import all_segments  # noqa: E402
from ctnat.ingest import ingest_country  # noqa: E402
from ctnat.instruments import Codebook  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "coding_gold.csv"
BEFORE = ROOT / "tests" / "fixtures" / "codebook_before_tuning.yaml"
CURRENT = ROOT / "instruments" / "codebook.yaml"


def segments_of_bundled_aze():
    tmp = Path(tempfile.mkdtemp(prefix="ctnat-coding-"))
    try:
        shutil.copytree(ROOT / "instruments", tmp / "instruments")
        shutil.copytree(ROOT / "data" / "raw" / "AZE", tmp / "data" / "raw" / "AZE")
        ingest_country("AZE", root=tmp)
        return all_segments("AZE", root=tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure(codebook_path: Path, segments=None) -> dict:
    codebook = Codebook.model_validate(yaml.safe_load(codebook_path.read_text(encoding="utf-8")))
    segments = segments_of_bundled_aze() if segments is None else segments
    coded = autocode(segments, codebook)
    return evaluate(read_gold(GOLD), coded, [t.code for t in codebook.themes])


def report(segments=None) -> str:
    segments = segments_of_bundled_aze() if segments is None else segments
    return (markdown(measure(BEFORE, segments), "Before tuning (codebook as it was when the gold set was labelled)")
            + "\n" + markdown(measure(CURRENT, segments), "After tuning (instruments/codebook.yaml; in-sample)"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", type=Path, help="write the Markdown to this file")
    args = ap.parse_args(argv)
    text = report()
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
