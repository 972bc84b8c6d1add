"""The recommendation building blocks of ``instruments/recommendations.yaml``:
reading and checking them (every key unique and free of ``|``, every criterion
known, every priority letter an option of the survey's priorities question,
every timeframe declared)."""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Problem

KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def check_blocks(path: Path, data: dict, criteria: set[str], areas: set[str],
                 letters: set[str] | None) -> list[Problem]:
    """Problems of the building-block file (empty when all is well)."""
    problems: list[Problem] = []

    def fail(where: str, what: str, value=None, expected=None):
        problems.append(Problem(path.name, f"{where}: {what}", column=where, value=None if value is None else str(value),
                                expected=expected))

    if not isinstance(data, dict) or not data.get("blocks"):
        fail("blocks", "no building blocks", expected="a list `blocks:` of recommendation building blocks")
        return problems
    timeframes = set((data.get("timeframes") or {}).keys())
    seen: set[str] = set()
    for n, b in enumerate(data["blocks"]):
        where = f"blocks[{b.get('key', n) if isinstance(b, dict) else n}]"
        if not isinstance(b, dict):
            fail(where, "a block must be a mapping")
            continue
        for k in ("key", "area", "title", "change", "actions", "timeframe"):
            if not b.get(k):
                fail(f"{where}.{k}", "is required but missing")
        key = str(b.get("key") or "")
        if key and not KEY.match(key):
            fail(f"{where}.key", "a key is lower-case letters, digits and _", key, "e.g. id_referral")
        if key in seen:
            fail(f"{where}.key", "duplicate key", key)
        seen.add(key)
        if b.get("area") is not None and str(b["area"]) not in areas:
            fail(f"{where}.area", f"unknown area '{b['area']}'", b["area"], ", ".join(sorted(areas)))
        if b.get("timeframe") and b["timeframe"] not in timeframes:
            fail(f"{where}.timeframe", f"unknown timeframe '{b['timeframe']}'", b["timeframe"],
                 ", ".join(sorted(timeframes)) or "a key of `timeframes:`")
        for letter in b.get("priorities") or []:
            if letters is not None and str(letter) not in letters:
                fail(f"{where}.priorities", f"unknown priority '{letter}'", letter,
                     "a letter of the survey's priorities question")
        for m, a in enumerate(b.get("actions") or []):
            if not isinstance(a, dict) or not a.get("text") or not a.get("criterion"):
                fail(f"{where}.actions[{m}]", "an action needs a criterion and a text")
                continue
            if a["criterion"] not in criteria:
                fail(f"{where}.actions[{m}].criterion", f"unknown criterion '{a['criterion']}'", a["criterion"],
                     "<indicator id>.<fw1|fw2|op1|op2>")
            elif str(b.get("area")) != a["criterion"].split(".")[0]:
                fail(f"{where}.actions[{m}].criterion", "the criterion belongs to another area", a["criterion"],
                     f"a criterion of area {b.get('area')}")
    return problems
