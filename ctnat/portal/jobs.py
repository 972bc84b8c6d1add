"""Background builds for the portal: the stages of ``ctnat build`` in their
order, one step per stage that has a portal label, with progress recorded step
by step. Each step's name is kept in every portal language (the page shows it in the
reader's); the build itself runs in English, the language of the documents it writes."""

from __future__ import annotations

import time
import traceback

from ..messages import _, language, ngettext
from ..problems import CtnatError


def portal_steps():
    """The stages the portal shows as steps: those with a label, in build order."""
    from ..build import STAGES

    return [s for s in STAGES if s.label]


def run_build(country: str, root, job: dict, languages=("en", "ru")) -> None:
    """Run every stage for ``country``; ``job`` (a dict shown by the status page)
    gets one entry per step and ends in state ``done`` or ``failed``."""
    from ..build import build_country, step_name
    from ..instruments import load_instruments
    from ..paths import instruments_dir

    def upto(stage: str):
        return lambda: build_country(country, root=root, until=stage)

    try:
        inst = load_instruments(instruments_dir(root))  # the step names count what the instruments hold
    except CtnatError as exc:
        job["state"] = "failed"
        job["error"] = str(exc).splitlines()[0]
        return
    def names(s):
        out = {}
        for lang in languages:
            with language(lang):
                out[lang] = step_name(s, inst)
        return out

    for s, step in [(s, upto(s.name)) for s in portal_steps()]:
        entry: dict = {"name": step_name(s, inst), "names": names(s), "state": "running", "started": time.time()}
        job["steps"].append(entry)
        try:
            step()
            entry["state"] = "done"
        except CtnatError as exc:
            entry["state"] = "failed"
            job["state"] = "failed"
            job["error"] = str(exc).splitlines()[0] + (" " + ngettext(
                "({n} problem; run `ctnat ingest --country {country}` for the list)",
                "({n} problems; run `ctnat ingest --country {country}` for the list)", len(exc.problems),
                country=country) if exc.problems else "")
            return
        except Exception as exc:  # noqa: BLE001 - shown to the researcher, no traceback page
            entry["state"] = "failed"
            job["state"] = "failed"
            job["error"] = _("unexpected error: {kind}: {error}", kind=type(exc).__name__, error=exc)
            job["trace"] = traceback.format_exc()
            return
        entry["seconds"] = round(time.time() - entry["started"], 1)
    job["state"] = "done"
