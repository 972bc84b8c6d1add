"""``ctnat build``: run the stages a country's outputs need, in one process.

The stage graph is declared once, in :data:`STAGES`: each stage names the
function that does the work, the files it reads and the files it writes. The
up-to-date checks are pydoit's (https://pydoit.org), used as a library:

* a stage re-runs exactly when the **content** of one of its inputs changed —
  the checker (:class:`ContentChecker`) compares the size and MD5 of each
  ``file_dep`` on every run and never looks at its date, so a file received with
  an old date, or edited with its date kept, counts, and a touched file with
  the same content does not (doit's own MD5 checker trusts an unchanged date);
* a stage re-runs when the **set** of its inputs changed — a received file added
  or deleted changes ingest's ``file_dep`` list;
* a stage re-runs when the **code or instruments** changed (a digest of the
  ``ctnat`` package sources, doit's ``config_changed``; the instrument YAML files
  are ordinary inputs) or when one of its outputs is missing.

Why doit rather than make or a home-made graph: make compares clocks, which is
what let a deleted or back-dated file go unnoticed; doit keeps the checksums of
every dependency in a small database (SQLite here, safe against a kill) and
runs Python functions in-process, so the heavy libraries load once for the
whole chain. Each stage also stays a command of its own (``ctnat ingest``,
``ctnat score`` …).

The database lives in ``<root>/.ctnat/build-<ISO3>.sqlite3``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import catalogue
from .paths import PACKAGE_DIR, instruments_dir, processed_dir, project_root, raw_dir, templates_dir
from .messages import N_, _, current_language, language, languages, ngettext, translations_file
from .problems import BusyError, CtnatError, MissingInputError, StageError, UsageError

# --------------------------------------------------------------- stage table
@dataclass(frozen=True)
class Stage:
    """One stage: ``run(country, root, progress)`` reads the catalogue tables
    named in ``reads`` (plus, for the two ingest stages, the received files) and
    writes the tables the catalogue says it produces (:func:`outputs`).
    ``label`` names the stage as a step of the portal's build page, a message of the catalogue
    (:func:`step_name` words it; a stage without one is done within the next step that has one)."""
    name: str
    run: str  # "module:function", imported only when the stage runs
    reads: tuple[str, ...] = ()
    templates: bool = False
    doc: str = ""
    label: str = ""
    extra_inputs: Callable | None = field(default=None, compare=False)
    #: a chart stage whose pictures only this stage reads: when both run in one
    #: build, the charts are drawn in the background and this stage waits for them
    drawn_for: str = ""
    #: the documents (catalogue tables) this stage also exports as PDF, beside them, when LibreOffice is
    #: there and PDFs are wanted: then each PDF is an output, and a missing one runs the stage again
    pdfs: tuple[str, ...] = ()

    @property
    def outputs(self) -> tuple[str, ...]:
        """The catalogue tables this stage writes on every run."""
        return _out(self.name)

    @property
    def per_language(self) -> bool:
        """Run once per language (drafting, charts, documents: :data:`catalogue.LANGUAGE_STAGES`)."""
        return self.name in catalogue.LANGUAGE_STAGES

    def task_name(self, lang: str) -> str:
        """The stage's task in doit's database: a per-language stage of another language than the
        base one is a task of its own (``report:ru``), so that building one language never makes
        the other's out of date."""
        return f"{self.name}:{lang}" if self.per_language and lang != catalogue.BASE_LANGUAGE else self.name

    def language(self, lang: str) -> str:
        """The language this stage writes in for a build in ``lang``: its own for a per-language
        stage, the base language for the shared ones (one ingest, one scoring, one set of tables)."""
        return lang if self.per_language else catalogue.BASE_LANGUAGE


def _content_checker():
    """doit's checker, told to judge by content only (size, then MD5) and never by date."""
    from doit.dependency import MD5Checker, get_file_md5

    class ContentChecker(MD5Checker):
        def check_modified(self, file_path, file_stat, state):
            _timestamp, size, file_md5 = state
            return file_stat.st_size != size or file_md5 != get_file_md5(file_path)

    return ContentChecker


def _received(country: str, root) -> list[Path]:
    """Every received file of the country but the narrative (its own stage)."""
    d = raw_dir(country, root)
    if not d.exists():
        return []
    # received.jsonl only orders files that are inputs themselves; ingest appends the receipts of
    # hand-placed files to it, which must not make ingest out of date again
    return sorted(p for p in d.rglob("*") if p.is_file() and p.relative_to(d).parts[0] != "narrative"
                  and p.relative_to(d).as_posix() != "received.jsonl")


def _narrative(country: str, root) -> list[Path]:
    d = raw_dir(country, root) / "narrative"
    return sorted(p for p in d.rglob("*") if p.is_file()) if d.exists() else []


def _out(stage_name: str) -> tuple[str, ...]:
    """The catalogue tables a stage writes on every run (the build's targets)."""
    return tuple(t.name for t in catalogue.produced_by(stage_name) if t.built)


_SURVEY = ("survey_items", "grid_totals", "respondent_profile", "interview_profile", "situation_counts",
           "situation_ranking", "priorities")
# what the results framework is drawn from
_PLAN = ("statistics", "plan_edits", "nap_measures", "context", "gaps", "scores", "favourability", "nap_coverage",
         "nap_agency_area", "nap_plan", "workshop_outcomes", "recommendations", "recommendation_actions",
         "country_instruments")
STAGES: list[Stage] = [
    Stage("ingest", "ctnat.ingest:ingest_country", extra_inputs=_received,
          doc="take in every received file (but the narrative)", label=N_("Reading and checking the received files")),
    Stage("narrative", "ctnat.ingest:ingest_narrative", extra_inputs=_narrative,
          doc="take in the assessor's narrative"),
    Stage("code", "ctnat.coding:code_country", ("segments", "respondents", "coding_decisions"),
          doc="code interview segments", label=N_("Coding interview notes")),
    Stage("analyse", "ctnat.analysis:analyse_country", ("respondents", "interviews", "workshop_votes"),
          doc="survey statistics", label=N_("Survey statistics")),
    Stage("nap", "ctnat.nap:analyse_plan", ("nap_measures", "nap_plans", "nap_texts"),
          doc="National Action Plan analysis", label=N_("National Action Plan")),
    Stage("score", "ctnat.scoring:score_country",
          ("desk_review", "overrides", "favourability", "survey_items", "coded_segments", "nap_coverage",
           "nap_plan"),
          # TRANSLATORS: {indicators} is "25 indicators", counted from the instruments.
          doc="a status for every criterion", label=N_("Scoring the {indicators}")),
    Stage("charts", "ctnat.charts:build_charts",
          ("context", "statistics", "nap_measures", "nap_texts", *_SURVEY, "scores", "area_scores", *_out("nap")),
          doc="draw the report's charts in one browser session", label=N_("Charts"), drawn_for="report"),
    Stage("workshop", "ctnat.workshop:collect_workshop", ("workshop_decisions", "workshop_votes", "gaps"),
          doc="workshop decisions on the draft recommendations", label=N_("Workshop decisions")),
    Stage("recommend", "ctnat.recommend:recommend_country",
          ("nap_measures", "nap_plans", "scores", "priorities", "nap_classification", "workshop_outcomes",
           "country_instruments"),
          doc="consolidated recommendations per area"),
    Stage("consistency", "ctnat.consistency:check_country",
          (*_PLAN, "accepted", "narrative_manifest", "nap_checklist", "nap_classification", "nap_flags", "nap_plans",
           "nap_texts", *(("country_instruments",) if "country_instruments" in catalogue.TABLES else ())),
          doc="contradictions between the assessment's parts, before any document is written"),
    Stage("plan", "ctnat.plan:plan_country", (*_PLAN, "consistency"),
          doc="the draft results framework (NAP activities, MEL plan, checks)"),
    Stage("report", "ctnat.report:build_report",
          ("context", "segments", "desk_sources", "desk_review", "country_instruments", "data_changes", "manifest", "name_screen", "quote_decisions",
           "statistics", "background", "nap_measures", "nap_texts", *_out("analyse"), *_out("code"), *_out("score"), *_out("nap"), "workshop_outcomes",
           "recommendations", "recommendation_actions", "report_charts", "narrative_manifest", "plan_activities",
           "plan_mel", "plan_checks", "plan_lint", "plan_monitoring", "consistency"),
          templates=True, doc="the Word report", label=N_("The Word report"), pdfs=("assessment_report",)),
    Stage("workshop_charts", "ctnat.charts:build_workshop_charts", ("context", *_SURVEY, "scores", "area_scores"),
          doc="draw the charts the report does not show (slides, survey grids, whole matrix)"),
    Stage("handout", "ctnat.workshop:build_handout",
          ("context", "nap_measures", "respondent_profile", "interview_profile", "priorities", "favourability",
           "survey_items",
           "grid_totals", "theme_frequencies", *_out("score"), *_out("nap"), "recommendations", "chart_hashes",
           "workshop_chart_hashes", "consistency"),
          templates=True, doc="the validation-workshop handout, worksheet and slides",
          label=N_("Workshop handout, worksheet and slides"), pdfs=("workshop_handout", "workshop_slides")),
]
STAGE_NAMES = [s.name for s in STAGES]
#: The languages the documents are written in: the base language and every language of the
#: message catalogue (``ctnat/locale/<lang>/``).
LANGUAGES = languages()


def step_name(s: Stage, inst) -> str:
    """A stage's step on the portal's build page, in the current language, its counts from the
    instruments ``inst``: 'Scoring the 25 indicators'."""
    return _(s.label, indicators=ngettext("{n} indicator", "{n} indicators", len(inst.indicators.indicators)))


def stage(name: str) -> Stage:
    for s in STAGES:
        if s.name == name:
            return s
    raise UsageError(f"'{name}' is not a stage; the stages are: {', '.join(STAGE_NAMES)}")


def _resolve(dotted: str) -> Callable:
    import importlib

    module, func = dotted.split(":")
    return getattr(importlib.import_module(module), func)


def stage_outputs(s: Stage, country: str, root=None, pdf: bool = False) -> list[Path]:
    """The files a stage writes; with ``pdf``, the PDFs of its documents too."""
    return [catalogue.path(o, country, root) for o in s.outputs] + (
        [catalogue.path(d, country, root).with_suffix(".pdf") for d in s.pdfs] if pdf else [])


def pdfs_made() -> bool:
    """Whether the document stages export PDFs in this build: wanted (not CTNAT_NO_PDF=1) and LibreOffice with
    its Python bridge installed — the condition the stages themselves apply."""
    from .documents.pdf import pdf_wanted, soffice_path, uno_python

    return pdf_wanted(None) and bool(soffice_path()) and bool(uno_python())


def stage_inputs(s: Stage, country: str, root=None) -> list[Path]:
    """Everything a stage reads: the instruments, its processed and analysis
    tables, the report template, and for ingest the received files."""
    inputs = sorted(instruments_dir(root).glob("*.yaml"))
    inputs += [catalogue.path(t, country, root) for t in s.reads]
    if s.templates and templates_dir(root).exists():
        inputs += sorted(p for p in templates_dir(root).iterdir() if p.is_file())
    if s.extra_inputs is not None:
        inputs += s.extra_inputs(country, root)
    lang = current_language()
    if s.per_language and lang != catalogue.BASE_LANGUAGE and translations_file(lang).exists():
        inputs.append(translations_file(lang))  # a translation changed: this language's documents are redrafted
    return inputs


def code_version() -> str:
    """A digest of the ``ctnat`` package's source: a code change re-runs every stage."""
    h = hashlib.sha256()
    for p in sorted(PACKAGE_DIR.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".html", ".css", ".js") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(PACKAGE_DIR)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def _needed(until: str) -> list[Stage]:
    """The stages ``until`` depends on, itself included, in order."""
    if until not in STAGE_NAMES:
        raise UsageError(f"'{until}' is not a stage; the stages are: {', '.join(STAGE_NAMES)}")
    by_output = {t.name: t.stage for t in catalogue.TABLES.values()}
    want, todo = set(), [until]
    while todo:
        name = todo.pop()
        if name in want:
            continue
        want.add(name)
        s = stage(name)
        todo += [by_output[t] for t in s.reads]
    return [s for s in STAGES if s.name in want]


def _drawn_in_background(stages: list[Stage]) -> set[str]:
    """The chart stages of this build whose pictures only their ``drawn_for``
    stage reads, and that stage runs later in the same build: they hand their
    charts to the browser and return, and the reader waits for the pictures
    (the report places them last). Any other reader of their outputs in the
    build (the handout reads the charts' index) means drawing before going on."""
    names = [s.name for s in stages]
    out = set()
    for s in stages:
        if not s.drawn_for or s.drawn_for not in names or names.index(s.drawn_for) < names.index(s.name):
            continue
        mine = set(s.outputs)
        readers = {r.name for r in stages if mine & set(r.reads)}
        if readers == {s.drawn_for}:
            out.add(s.name)
    return out


def finish_drawings(country: str, root=None) -> None:
    """Wait for the country's charts still being drawn in this process (if the
    chart module was ever loaded) and put them in place; raise the first error.
    Only this country's: the portal may be building another country at the
    same moment, in another thread."""
    render = sys.modules.get("ctnat.charts.render")
    if render is not None:
        for lang in LANGUAGES:  # each language's charts have their folder
            render.finish_drawings(catalogue.path("report_charts", country, root, lang=lang).parent)


class _Runner:
    """The doit tasks of one country's build, run in this process."""

    def __init__(self, country: str, root, progress, warm_up: set[str] | frozenset[str] = frozenset(),
                 last_drawing: str | None = None, background: set[str] | frozenset[str] = frozenset(),
                 lang: str = catalogue.BASE_LANGUAGE):
        self.country, self.root, self.say, self.lang = country, root, progress, lang
        self.warm_up = warm_up  # running one of these means the charts will be drawn: start the browser
        self.last_drawing = last_drawing  # the last chart stage of this build
        self.background = background  # chart stages that hand their charts over and return
        self.ran: list[str] = []
        self.holds_browser = False  # this build asked for the shared browser session and has not let it go
        self.seconds: dict[str, float] = {}
        self.error: BaseException | None = None
        self.undeclared: dict[str, list[str]] = {}  # stage → tables it opened without declaring them

    def action(self, s: Stage):
        def run():
            if self.error is not None:
                return False
            self.say(f"{s.name} {self.country}: running ({s.doc})")
            if s.name in self.warm_up and not self.holds_browser:
                from .charts import browser

                browser.start()  # Chromium comes up in the background while this stage works
                self.holds_browser = True
            started = time.perf_counter()
            try:
                with language(s.language(self.lang)), catalogue.stage_reads(s.name, s.reads) as reads:
                    if s.name in self.background:
                        _resolve(s.run)(self.country, root=self.root, progress=self.say, background=True)
                    else:
                        _resolve(s.run)(self.country, root=self.root, progress=self.say)
                if reads.undeclared:
                    self.undeclared[s.name] = sorted(set(reads.undeclared))
            except BaseException as exc:  # handed back to the caller as it is, after doit stops
                self.error = exc
                with contextlib.suppress(CtnatError):
                    finish_drawings(self.country, self.root)  # before doit records what ran: a failed drawing
                    # removes its listing
                return False
            self.ran.append(s.name)
            if s.name == self.last_drawing and self.holds_browser:
                from .charts import browser

                browser.stop(wait=False)  # no more charts in this build: Chromium quits (once no other build
                self.holds_browser = False  # of this process uses it) after the charts handed over are drawn
            self.seconds[s.name] = round(time.perf_counter() - started, 2)
            self.say(f"{s.name} {self.country}: done in {self.seconds[s.name]:.1f} s")
            return True
        return run

    def tasks(self, stages: list[Stage], version: str, pdf: bool = False) -> dict:
        from doit.tools import config_changed

        creators = {}
        for s in stages:
            def creator(s=s):
                with language(s.language(self.lang)):  # a per-language stage's tables are its language's
                    return {"basename": s.task_name(self.lang), "actions": [self.action(s)],
                            "file_dep": [str(p) for p in stage_inputs(s, self.country, self.root)],
                            "targets": [str(p) for p in stage_outputs(s, self.country, self.root, pdf)],
                            "uptodate": [config_changed(_config(s, version, self.lang))],
                            "verbosity": 2, "doc": s.doc}
            creators[f"task_{s.task_name(self.lang)}"] = creator
        return creators


def _config(s: Stage, version: str, lang: str = catalogue.BASE_LANGUAGE) -> dict:
    """What besides its input files a stage's outputs depend on: the code, for a
    per-language stage of another language that language (and the translations,
    its ``.po`` file, are one of its inputs), and for the report whether it is a
    working draft (``--draft``), so that switching between draft and final rebuilds it."""
    from .documents.published_text import draft_mode

    config: dict = {"code": version, "stage": s.run}
    if s.language(lang) != catalogue.BASE_LANGUAGE:
        config["language"] = lang
    if s.name == "report":
        config["draft"] = draft_mode()
    return config


def awaiting_assessor(country: str, root=None, lang: str = catalogue.BASE_LANGUAGE) -> list[tuple[str, Path]]:
    """The report's sections whose assessor's text is missing, as the last report
    build in ``lang`` recorded them: (section title, the Markdown file that would hold it —
    ``narrative/<lang>/`` for a language other than the base one)."""
    with language(lang):
        if not catalogue.exists("report_awaiting", country, root):
            return []
        sections = catalogue.read_json("report_awaiting", country, root, missing_ok=True,
                                       default={}).get("sections", [])
    folder = raw_dir(country, root) / "narrative"
    if lang != catalogue.BASE_LANGUAGE:
        folder = folder / lang
    return [(str(s.get("section", "")), folder / f"{s.get('part', '')}.md") for s in sections]


LOCK_WAIT = 600  # seconds a build waits for another build of the same country to finish


@contextlib.contextmanager
def country_lock(country: str, root=None, say=None, wait: float = LOCK_WAIT):
    """Hold the country's exclusive lock (``.ctnat/build-<ISO3>.lock``, ``flock``)
    while building or running one stage: two of them at once (a researcher's
    ``make report`` while the portal builds, or ``ctnat ingest`` during a build)
    would write the same folders and share doit's database. The second waits
    for the first, at most ``wait`` seconds, then stops with an error. The
    operating system drops the lock of a process that dies."""
    import fcntl

    country = country.upper()
    say = say or (lambda msg: None)
    lock_dir = project_root(root) / ".ctnat"
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / f"build-{country}.lock"
    with open(path, "a+") as fh:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BusyError(f"Another build of {country} (or one of its stage commands) has been running "
                                    f"for more than {wait:.0f} s (lock {path}); try again when it has finished.") \
                        from None
                if not told:
                    say(f"{country}: waiting for another build of {country} (or one of its stage commands) to finish")
                    told = True
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_country(country: str, root=None, until: str = "report", progress=None, force: bool = False,
                  lock_wait: float = LOCK_WAIT, draft: bool | None = None,
                  lang: str = catalogue.BASE_LANGUAGE) -> dict:
    """Bring ``until`` (a stage name; default the report) up to date for one
    country, running in this process exactly the stages whose inputs changed
    since they last ran. Returns ``{"ran": [...], "up_to_date": [...]}``.

    Raises the stage's own :class:`CtnatError` when a stage fails (the stages
    after it do not run; each stage's outputs are written atomically, so the
    previous outputs stay as they were). ``undeclared`` lists, per stage, the
    catalogue tables it opened without declaring them (none, tests say).
    ``draft``: build the report as a working draft, an assessor's note where the
    assessor's text is missing (None: as the environment says, ``CTNAT_DRAFT``).
    ``lang``: the language of the drafting, charts and documents (``ru``: written to
    ``analysis/<ISO3>/ru/``); the stages before them are shared by every language."""
    if lang not in LANGUAGES:
        raise UsageError(f"'{lang}' is not a language of the documents; the languages are: {', '.join(LANGUAGES)}")
    if draft is not None:
        from .documents.published_text import DRAFT_ENV

        old = os.environ.get(DRAFT_ENV)
        os.environ[DRAFT_ENV] = "1" if draft else "0"
        try:
            return build_country(country, root, until, progress, force, lock_wait, None, lang)
        finally:
            if old is None:
                os.environ.pop(DRAFT_ENV, None)
            else:
                os.environ[DRAFT_ENV] = old
    from doit.cmd_base import ModuleTaskLoader
    from doit.doit_cmd import DoitMain

    country = country.upper()
    say = progress or (lambda msg: None)
    root_path = project_root(root)
    if not raw_dir(country, root).exists() and not processed_dir(country, root).exists():
        raise MissingInputError(f"No data for {country}: neither {raw_dir(country, root)} nor "
                                f"{processed_dir(country, root)} exists.")
    stages = _needed(until)
    if not raw_dir(country, root).exists():
        # read-only processed data is all the later stages need
        stages = [s for s in stages if s.name not in ("ingest", "narrative")]
    names = {s.name for s in stages}
    drawing = names & {"charts", "workshop_charts"}
    warm_up = {s.name for d in drawing for s in _needed(d)}  # these run before a chart is drawn
    last_drawing = next((s.name for s in reversed(stages) if s.name in drawing), None)
    runner = _Runner(country, root, say, warm_up, last_drawing, _drawn_in_background(stages), lang)
    # a missing PDF is a missing output: its stage runs again (asked only when a stage makes one)
    tasks = runner.tasks(stages, code_version(), pdf=any(s.pdfs for s in stages) and pdfs_made())
    tasks["DOIT_CONFIG"] = {"verbosity": 2, "reporter": "zero", "check_file_uptodate": _content_checker()}
    db_dir = root_path / ".ctnat"
    db_dir.mkdir(parents=True, exist_ok=True)
    args = ["run", "--db-file", str(db_dir / f"build-{country}.sqlite3"), "--backend", "sqlite3"]
    if force:
        args.append("--always-execute")
    args += [s.task_name(lang) for s in stages]
    cwd = os.getcwd()
    with country_lock(country, root, say, lock_wait):
        try:
            code = DoitMain(ModuleTaskLoader(tasks)).run(args)
        finally:
            os.chdir(cwd)
            late: CtnatError | None = None
            try:
                finish_drawings(country, root)  # charts no stage waited for (their reader was up to date, or failed)
            except CtnatError as exc:
                late = exc
            started = sys.modules.get("ctnat.charts.browser")  # only if a stage started the browser
            if started is not None:
                if runner.holds_browser:
                    started.stop(wait=False)
                started.wait_closed()
    if runner.error is not None:
        raise runner.error
    if late is not None:
        raise late
    if code != 0:
        raise StageError(f"The build of {country} stopped (doit exit status {code}); a stage's input may be "
                         "missing — run the stages one by one (`ctnat ingest`, `ctnat score` …) to see which.")
    done = [s.name for s in stages if s.name not in runner.ran]
    if lang != catalogue.BASE_LANGUAGE:
        say(f"build {country} ({lang}): documents in {catalogue.language_dir(country, root, lang)}")
    # the ingest's warnings, shown on every build whether ingest ran now or before (ctnat/ingest/notices.py)
    manifest = catalogue.read_json("manifest", country, root, missing_ok=True, default={}) if "ingest" in names else {}
    say(f"build {country}: ran {', '.join(runner.ran) or 'nothing'}; up to date: {', '.join(done) or 'nothing'}")
    return {"ran": runner.ran, "up_to_date": done, "seconds": runner.seconds, "undeclared": runner.undeclared,
            "warnings": list(manifest.get("warnings") or [])}
