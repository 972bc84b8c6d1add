"""Background builds for the portal: ingest → code → analyse → (NAP) → score →
report → handout, with progress recorded step by step."""

from __future__ import annotations

import time
import traceback

from ..problems import CtnatError


def run_build(country: str, root, job: dict) -> None:
    """Run every stage for ``country``; ``job`` (a dict shown by the status page)
    gets one entry per step and ends in state ``done`` or ``failed``."""
    from ..analysis import analyse_country
    from ..coding import code_country
    from ..ingest import ingest_country
    from ..nap.run import analyse_plan, parse_registered, plan_registry
    from ..report import build_report
    from ..scoring import score_country
    from ..workshop import build_handout

    steps = [("Reading and checking the received files", lambda: ingest_country(country, root=root)),
             ("Coding interview notes", lambda: code_country(country, root=root)),
             ("Survey statistics", lambda: analyse_country(country, root=root))]
    if plan_registry(country, root):
        steps.append(("National Action Plan", lambda: (parse_registered(country, root), analyse_plan(country, root=root))))
    steps += [("Scoring the 25 indicators", lambda: score_country(country, root=root)),
              ("Charts and the Word report", lambda: build_report(country, root=root)),
              ("Workshop handout, worksheet and slides", lambda: build_handout(country, root=root, pdf=False))]
    for name, step in steps:
        entry = {"name": name, "state": "running", "started": time.time()}
        job["steps"].append(entry)
        try:
            step()
            entry["state"] = "done"
        except CtnatError as exc:
            entry["state"] = "failed"
            job["state"] = "failed"
            job["error"] = str(exc).splitlines()[0] + (f" ({len(exc.problems)} problem(s); run "
                                                       f"`ctnat ingest --country {country}` for the list)" if exc.problems else "")
            return
        except Exception as exc:  # noqa: BLE001 - shown to the researcher, no traceback page
            entry["state"] = "failed"
            job["state"] = "failed"
            job["error"] = f"unexpected error: {type(exc).__name__}: {exc}"
            job["trace"] = traceback.format_exc()
            return
        entry["seconds"] = round(time.time() - entry["started"], 1)
    job["state"] = "done"
