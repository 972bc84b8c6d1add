"""Compare the AZE recommendations with the 2016 assessment's own (seed 001,
chapter 3) and rewrite the generated part of docs/recommendations.md.
Run after `make report COUNTRY=AZE`:  .venv/bin/python scripts/compare_seed_recommendations.py"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctnat.instruments import load_instruments
from ctnat.recommend.compare import added, compare, markdown
from ctnat.tables import load_yaml, read_csv

BEGIN, END = "<!-- generated: compare_seed_recommendations.py -->", "<!-- end generated -->"


def generated(root: Path = ROOT) -> str:
    ref = load_yaml(ROOT / "tests" / "fixtures" / "seed_recommendations.yaml")["items"]
    recs = read_csv(root / "analysis" / "AZE" / "recommendations.csv")
    scores = read_csv(root / "analysis" / "AZE" / "scores.csv")
    blocks = load_instruments(root / "instruments").recommendations
    return markdown(compare(ref, recs, scores, blocks), added(ref, recs))


def main() -> None:
    doc = ROOT / "docs" / "recommendations.md"
    text = doc.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(head + BEGIN + "\n" + generated() + END + tail, encoding="utf-8")
    print(f"wrote {doc}")


if __name__ == "__main__":
    main()
