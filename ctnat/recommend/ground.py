"""Ground each drafted action in what the country has (the desk review's
``country_instruments``, in the capability keys of ``instruments/capabilities.yaml``).

For every action of a block whose criterion is a gap, :func:`ground_action` decides:

- ``not_drawn``: the action ``requires`` something the country's desk review does
  not list in force (a country-specific action: an action about one country's
  grants law reaches no other country);
- ``if_exists``: every capability it ``creates`` is provided by an in-force
  instrument, so it becomes its alternative (amend, apply, fund, evaluate);
- ``dropped``: the same, for an action marked ``droppable``;
- ``partly``: it creates several things and the country has some of them: the
  action is worded for the missing part (its ``parts``), with what exists named;
- ``as_drafted``: otherwise.

The instruments behind each decision (id, title, number, date, citations) are
recorded on the action's row (``recommendation_actions.csv``), as are its actors:
the country's in-force bodies whose ``mandate`` holds one of the action's roles,
else the block's bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..instruments.schema import Action, Block
from ..messages import label

ACTION_COLUMNS = ["key", "action", "criterion", "basis", "verb", "text", "drafted_text", "creates", "existing",
                  "missing", "requires", "instruments", "instrument_titles", "instrument_numbers", "instrument_dates",
                  "instrument_citations", "actors", "actors_source"]
#: what happened to an action (the ``basis`` column)
AS_DRAFTED, IF_EXISTS, PARTLY, DROPPED, NOT_DRAWN = "as_drafted", "if_exists", "partly", "dropped", "not_drawn"
KEPT = (AS_DRAFTED, IF_EXISTS, PARTLY)
LIST_SEP = " | "  # between instruments in the instrument columns (titles may hold ';')
IN_FORCE = "in_force"


@dataclass
class CountryHas:
    """The country's in-force instruments by the capability they provide, and its
    in-force bodies by role."""

    instruments: dict[str, dict] = field(default_factory=dict)  # id → row
    by_capability: dict[str, list[str]] = field(default_factory=dict)  # capability → instrument ids
    by_role: dict[str, list[str]] = field(default_factory=dict)  # role → body ids

    @classmethod
    def from_table(cls, table: pd.DataFrame | None) -> CountryHas:
        has = cls()
        if table is None:
            return has
        for r in table.to_dict("records"):
            if str(r.get("status", "")) != IN_FORCE:
                continue
            has.instruments[r["id"]] = r
            for k in _split(r.get("provides")):
                has.by_capability.setdefault(k, []).append(r["id"])
            if r.get("kind") == "body":
                for role in _split(r.get("mandate")):
                    has.by_role.setdefault(role, []).append(r["id"])
        return has

    def provides(self, key: str) -> bool:
        return bool(self.by_capability.get(key))

    def bodies(self, roles: list[str], most: int) -> list[str]:
        """The names of the bodies holding one of ``roles``, in the order of the roles."""
        ids: list[str] = []
        for role in roles:
            ids += [i for i in self.by_role.get(role, []) if i not in ids]
        return [body_name(self.instruments[i]["title"]) for i in ids[:most]]


def _split(value) -> list[str]:
    return [x.strip() for x in str(value or "").split(";") if x.strip()]


def body_name(title: str) -> str:
    """A body's name as an actor: its title without a trailing description in brackets."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", str(title)).strip() or str(title)


def ground_action(block: Block, n: int, action: Action, has: CountryHas, fallback: tuple[list[str], str],
                  most: int, desk_source: str) -> dict:
    """The row of ``recommendation_actions.csv`` for action ``n`` (1-based) of ``block``."""
    existing = [k for k in action.creates if has.provides(k)]
    missing = [k for k in action.creates if not has.provides(k)]
    unmet = [k for k in action.requires if not has.provides(k)]
    text, verb = label(action.text).strip(), ""
    if unmet:
        basis = NOT_DRAWN
    elif action.creates and not missing:
        if action.if_exists is not None and not action.droppable:
            basis, text, verb = IF_EXISTS, label(action.if_exists.text).strip(), action.if_exists.verb
        else:
            basis = DROPPED
    elif existing:
        basis, text = PARTLY, " ".join(label(action.parts[k]).strip() for k in missing if k in action.parts) or text
    else:
        basis = AS_DRAFTED
    behind = existing if basis != NOT_DRAWN else []
    ids: list[str] = []
    for k in behind:
        ids += [i for i in has.by_capability.get(k, []) if i not in ids]
    rows = [has.instruments[i] for i in ids]
    actors = has.bodies(list(action.actors or block.actors), most)
    source = desk_source if actors else fallback[1]
    if not actors:
        actors = fallback[0]
    return {"key": block.key, "action": str(n), "criterion": action.criterion, "basis": basis, "verb": verb,
            "text": text if basis in KEPT else "", "drafted_text": label(action.text).strip(),
            "creates": ";".join(action.creates), "existing": ";".join(existing), "missing": ";".join(missing),
            "requires": ";".join(action.requires), "instruments": ";".join(ids),
            "instrument_titles": LIST_SEP.join(str(r["title"]) for r in rows),
            "instrument_numbers": LIST_SEP.join(str(r.get("number") or "") for r in rows),
            "instrument_dates": LIST_SEP.join(str(r.get("date") or "") for r in rows),
            "instrument_citations": LIST_SEP.join(str(r.get("citations") or "") for r in rows),
            "actors": "; ".join(a for a in actors if a), "actors_source": source}
