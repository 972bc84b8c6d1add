"""The table catalogue: every file a stage writes for another to read, named once.

Each :class:`Table` says where its file lives (``data/processed/<ISO3>/`` or
``analysis/<ISO3>/``, possibly in a subfolder such as ``charts/``), its file
name (``{ISO3}`` stands for the country), the columns of a CSV table, the stage
that writes it and what it holds. Stages read and write through this module::

    scores = catalogue.read("scores", country, root)          # typed DataFrame
    catalogue.write("scores", frame, country, root)           # columns checked, atomic
    plan = catalogue.read_json("nap_plan", country, root)

A missing table is a :class:`~ctnat.problems.MissingInputError` naming the file,
the table and the command that makes it. Writing a frame whose columns are not
the declared ones is a :class:`~ctnat.problems.StageError` (a programming error
the tests catch): adding a column to a table is one edit of :data:`TABLES`.

``ctnat build`` takes its stage graph from here (a stage's outputs are the
tables it produces) and records, around each stage, which tables the stage
opens (:func:`stage_reads`). In strict mode (``CTNAT_STRICT_READS=1``, set by
the tests) opening a table the stage did not declare raises.

Column types: every column is text except those named in :data:`DTYPES` (the
same column name means the same thing in every table), which come back as
booleans or whole numbers.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .atomic import write_text
from .messages import current_language, translate_label
from .paths import analysis_dir, processed_dir
from .problems import MissingInputError, StageError
from .tables import read_table, write_table

#: Columns that carry a type other than text, by column name.
DTYPES: dict[str, str] = {
    # booleans
    "passed": "bool", "recurring": "bool", "small_cell": "bool", "names_flagged": "bool",
    "superseded": "bool", "withdrawn": "bool", "to_confirm": "bool", "is_gap": "bool",
    "no_lead_body": "bool", "vague_responsibility": "bool", "recurring_no_deadline": "bool", "no_indicator": "bool",
    "no_budget": "bool", "vague_wording": "bool",
    "conflicting": "bool", "level_above": "bool", "opinion_only": "bool", "overridden": "bool",
    "survey_below_min": "bool", "interview_below_min": "bool", "nap_check": "bool", "used": "bool", "accepted": "bool",
    # whole numbers
    "count": "int", "dropped_actions": "int", "n_valid": "int", "n_missing": "int", "total_respondents": "int",
    "respondents_to_block": "int", "selections": "int", "rank1": "int", "rank2": "int", "rank3": "int",
    "workshop_groups": "int", "source_row": "int", "participants_male": "int", "participants_female": "int",
    "participants_total": "int",
    "survey_n": "int", "survey_favourable": "int", "interview_n": "int", "interview_supporting": "int",
    "interview_contradicting": "int",
}

FOLDERS = ("processed", "analysis")

#: The language every table is written in first; its analysis files stay where they are.
BASE_LANGUAGE = "en"
#: The stages that run once per language (drafting, charts, documents): their tables of another
#: language live in ``analysis/<ISO3>/<lang>/`` (``analysis/AZE/ru/AZE_assessment_report.docx``).
#: Every other stage runs once, in the base language, for every language's documents.
LANGUAGE_STAGES = ("recommend", "consistency", "plan", "charts", "workshop_charts", "report", "handout")


@dataclass(frozen=True)
class Table:
    """One file artefact. ``columns`` are a CSV table's columns (in order);
    ``optional`` ones may be absent; ``open`` tables have further columns set
    by the instruments (survey questions, statuses, areas). ``built`` is False
    for a file written only sometimes (or by a command outside the build), so
    the build does not expect it. ``part`` in the file name (``{part}``) makes
    a family of files stood for, in the build graph, by the table ``index``."""
    name: str
    folder: str  # "processed" or "analysis"
    file: str  # relative to the folder; {ISO3} is the country
    stage: str  # the stage that writes it
    doc: str
    columns: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    open: bool = False
    built: bool = True
    index: str = ""
    #: columns holding words a shared stage wrote in the base language (labels from the instruments or
    #: the catalogue): read in another language, :func:`read` gives them in it
    words: tuple[str, ...] = ()

    @property
    def per_language(self) -> bool:
        """Written once per language (its stage is one of :data:`LANGUAGE_STAGES`)."""
        return self.stage in LANGUAGE_STAGES

    @property
    def dtypes(self) -> dict[str, str]:
        """The declared columns that are not text."""
        return {c: DTYPES[c] for c in (*self.columns, *self.optional) if c in DTYPES}

    def file_name(self, country: str, **parts: str) -> str:
        return self.file.format(ISO3=country.upper(), **parts)


def _t(name, folder, file, stage, doc, columns="", words="", **kw) -> Table:
    return Table(name, folder, file, stage, doc, tuple(columns.split()), words=tuple(words.split()), **kw)


P, A = "processed", "analysis"
TABLES: dict[str, Table] = {t.name: t for t in [
    # ---- ingest: data/processed/<ISO3>/
    _t("respondents", P, "respondents.csv", "ingest", "one row per survey respondent, answers as option codes",
       "respondent_code source_file source_row source_format", open=True),
    _t("answers", P, "answers.csv", "ingest", "the survey answers in long form, one row per answered value",
       "respondent_code question column option_code value source_file source_row"),
    _t("interviews", P, "interviews.csv", "ingest", "one row per interview",
       "interview_code date format entity_type participants_male participants_female participants_total "
       "sections_asked source_file"),
    _t("segments", P, "segments.csv", "ingest", "one row per answered interview-guide question",
       "segment_id interview_code question section area entity_type text names_flagged"),
    _t("desk_review", P, "desk_review.csv", "ingest", "the desk review's finding per criterion",
       "indicator criterion finding summary citations"),
    _t("desk_sources", P, "desk_sources.csv", "ingest", "the sources the desk review cites",
       "id author title year publisher number url missing"),
    _t("country_instruments", P, "country_instruments.csv", "ingest",
       "what the desk review says the country has: laws, ratifications, decisions, bodies, services, systems",
       "id kind title issuer number date status provides criteria citations part_of mandate operator gaps note"),
    _t("background", P, "background.json", "ingest", "the desk review's country background, by section"),
    _t("overrides", P, "overrides.csv", "ingest", "the assessor's status overrides with their reasons",
       "indicator criterion status reason"),
    _t("accepted", P, "accepted.csv", "ingest", "the contradictions of the consistency gate the assessor accepts",
       "check key reason"),
    _t("coding_decisions", P, "coding_decisions.csv", "ingest", "the coders' decisions on interview segments",
       "segment_id theme polarity action coder note file"),
    _t("workshop_votes", P, "workshop_votes.csv", "ingest", "the workshop groups' priority votes",
       "group_id priority rank source_file source_row"),
    _t("workshop_decisions", P, "workshop_decisions.csv", "ingest",
       "the workshop groups' decisions on the draft recommendations",
       "group_id item decision amended_text source_file source_row"),
    _t("nap_measures", P, "nap_measures.csv", "ingest", "the measures of every National Action Plan received",
       "plan_id id section section_title text lead_body partner_bodies period_start period_end recurring "
       "period_text resources indicator specific_goal source_line", optional=("kind",)),
    _t("nap_plans", P, "nap_plans.json", "ingest", "the National Action Plans received, by plan id"),
    _t("nap_texts", P, "nap_texts.json", "ingest", "the full text of each National Action Plan"),
    _t("context", P, "context.json", "ingest", "the country context (context.yaml)"),
    _t("manifest", P, "manifest.json", "ingest", "every received file with its SHA-256, and every correction"),
    _t("data_changes", P, "data_changes.csv", "ingest", "superseded records and cleaning-log changes",
       "kind respondent_code file row replaced_by replaced_by_row column old_value new_value reason date"),
    _t("name_screen", P, "name_screen.json", "ingest", "fingerprints of the names quotes are screened for"),
    _t("quote_decisions", P, "quote_decisions.csv", "ingest", "the assessor's decisions on withheld quotes",
       "quote_id decision"),
    _t("statistics", P, "statistics.csv", "ingest", "official statistics in long form",
       "metric year period source value qualifier note seed_lines label unit kind small_cell source_row",
       open=True, words="label"),
    _t("plan_edits", P, "plan_edits.csv", "ingest", "the assessor's edits to the results framework workbook",
       "sheet id column value draft_value excel_row source_file"),
    # ---- narrative: analysis/<ISO3>/narrative/
    _t("narrative_manifest", A, "narrative/manifest.json", "narrative", "the assessor's narrative files taken in"),
    _t("narrative_text", A, "narrative/{part}.md", "narrative", "one part of the assessor's narrative",
       built=False, index="narrative_manifest"),
    # ---- code
    _t("coded_segments", A, "coded_segments.csv", "code", "interview segments and survey free text with themes",
       "segment_id origin interview_code question entity_type theme area criteria matched_text polarity source "
       "coder"),
    _t("theme_frequencies", A, "theme_frequencies.csv", "code", "how often each theme was raised",
       "area theme label interviews segments supports contradicts survey_mentions", words="label"),
    _t("theme_cooccurrence", A, "theme_cooccurrence.csv", "code", "themes raised together (a column per theme)",
       "theme", open=True),
    _t("coding_agreement", A, "coding_agreement.csv", "code", "agreement between two coders (when there are two)",
       open=True, built=False),
    # ---- analyse
    _t("survey_items", A, "survey_items.csv", "analyse", "answer counts per survey question and option",
       "question block option_code option_label rank count n_valid n_missing percent", words="option_label"),
    _t("grid_totals", A, "grid_totals.csv", "analyse", "respondents per question grid",
       "block scale total_respondents respondents_to_block"),
    _t("favourability", A, "favourability.csv", "analyse", "favourable and unfavourable answers per statement",
       "question block scale area n_valid favourable unfavourable dont_know favourable_share"),
    _t("respondent_profile", A, "respondent_profile.csv", "analyse", "who answered the survey",
       "dimension code label count", words="label"),
    _t("interview_profile", A, "interview_profile.csv", "analyse", "who was interviewed",
       "dimension code label count", words="label"),
    _t("situation_counts", A, "situation_counts.csv", "analyse", "answers to the situation questions",
       "question option_code option_label count n_valid n_missing percent", words="option_label"),
    _t("situation_ranking", A, "situation_ranking.csv", "analyse", "the ranked forms of trafficking",
       "group label n mean_rank median_rank ranked_first", words="label"),
    _t("priorities", A, "priorities.csv", "analyse", "the priorities for action, survey and workshop (a column per rank)",
       "priority label selections weighted_score workshop_groups workshop_score", open=True, words="label"),
    _t("group_comparison", A, "group_comparison.csv", "analyse", "State and non-State respondents compared",
       "question block n_state n_non_state favourable_share_state favourable_share_non_state mann_whitney_p "
       "fisher_p result"),
    # ---- nap
    _t("nap_classification", A, "nap_classification.csv", "nap", "each measure of the plan analysed, by indicator",
       "plan_id id section text primary_indicator primary_area secondary_indicator score matched_terms "
       "all_indicators"),
    _t("nap_flags", A, "nap_flags.csv", "nap", "weaknesses of each measure",
       "id no_lead_body vague_responsibility recurring_no_deadline no_indicator no_budget vague_wording flags"),
    _t("nap_checklist", A, "nap_checklist.csv", "nap", "the plan against the review checklist",
       "key item passed evidence recommendation"),
    _t("nap_coverage", A, "nap_coverage.csv", "nap", "the indicators the plan covers",
       "indicator area title status measures measure_ids", words="title"),
    _t("nap_agency_area", A, "nap_agency_area.csv", "nap", "lead and partner bodies per area (a column pair per "
       "area)", "body total", open=True),
    _t("nap_gaps", A, "nap_gaps.csv", "nap", "what the plan leaves out", "kind ref what status recommendation"),
    _t("nap_plan", A, "nap_plan.json", "nap", "the plan analysed ({} when the country has none)"),
    _t("nap_compare", A, "nap_compare_{part}.csv", "nap", "two plans compared (`ctnat nap compare`)",
       "indicator title change", open=True, built=False),
    # ---- score
    _t("scores", A, "scores.csv", "score", "the status of each criterion with its rule and evidence",
       "indicator criterion status rule computed_status computed_rule weighted_mean to_confirm conflicting "
       "level_above opinion_only overridden override_reason rubric_version "
       "asks desk_finding desk_signal desk_citations "
       "survey_items survey_n survey_favourable survey_signal survey_below_min survey_unmatched "
       "interview_segments interview_n interview_supporting interview_contradicting interview_signal "
       "interview_views interview_below_min interview_uncounted interview_off_topic "
       "nap_status nap_measures nap_check"),
    _t("evidence", A, "evidence.csv", "score", "each piece of evidence per criterion",
       "indicator criterion source ref used finding citations n_valid favourable measures met_at theme polarity "
       "entity_type set_aside nap_check"),
    _t("indicator_scores", A, "indicator_scores.csv", "score", "criteria per status and score per indicator "
       "(a column per status)", "indicator area title assessed score", open=True, words="title"),
    _t("area_scores", A, "area_scores.csv", "score", "criteria per status and score per area (a column per status)",
       "area title indicators_scored score", open=True, words="title"),
    _t("gaps", A, "gaps.csv", "score", "the unmet criteria the recommendations address",
       "indicator criterion area indicator_title criterion_text status rule to_confirm", words="indicator_title criterion_text"),
    _t("to_confirm", A, "to_confirm.csv", "score", "provisional statuses for the assessor to confirm",
       "indicator criterion area criterion_text provisional_status conflicting level_above opinion_only", words="criterion_text"),
    # ---- charts, workshop_charts: analysis/<ISO3>/charts/
    _t("report_charts", A, "charts/report_charts.json", "charts", "the charts the report shows"),
    _t("chart_hashes", A, "charts/.chart_hashes.json", "charts", "what each report chart was drawn from"),
    _t("workshop_chart_hashes", A, "charts/.workshop_chart_hashes.json", "workshop_charts",
       "what each chart the report does not show was drawn from"),
    # ---- workshop, recommend
    _t("workshop_outcomes", A, "workshop_outcomes.csv", "workshop", "the workshop's outcome per recommendation",
       "key outcome validated_text groups_endorsed groups_amended groups_rejected"),
    _t("recommendations", A, "recommendations.csv", "recommend", "the consolidated recommendations",
       "id key area title change actions gaps gap_detail bodies bodies_source priority priority_basis timeframe "
       "action_basis action_actors existing_instruments dropped_actions "
       "outcome validated_text groups_endorsed groups_amended groups_rejected"),
    _t("recommendation_actions", A, "recommendation_actions.csv", "recommend",
       "each action of a gap criterion: as drafted, reworded or dropped because the country has what it would "
       "create (the instruments named), or not drawn (a condition on the evidence unmet); its actors",
       "key action criterion basis verb text drafted_text creates existing missing requires instruments "
       "instrument_titles instrument_numbers instrument_dates instrument_citations actors actors_source"),
    # ---- consistency
    _t("consistency", A, "consistency.csv", "consistency", "contradictions between the assessment's parts",
       "check severity key left_table left_key left_value right_table right_key right_value message accepted "
       "reason"),
    # ---- plan
    _t("results_framework", A, "{ISO3}_results_framework.xlsx", "plan", "the draft results framework workbook"),
    _t("plan_activities", A, "plan_activities.csv", "plan", "the results framework's activities",
       "id area objective criteria key_measure activity responsible start end follows result_indicator financial "
       "cost_basis current_nap status"),
    _t("plan_mel", A, "plan_mel.csv", "plan", "the monitoring, evaluation and learning plan",
       "id area criteria outputs indicator kind disaggregation baseline baseline_from mid_target target evidence "
       "verification frequency collector status outcome outcome_text"),
    _t("plan_monitoring", A, "plan_monitoring.csv", "plan", "the monitoring plan's narrative (Annex 4)",
       "section text"),
    _t("plan_checks", A, "plan_checks.csv", "plan", "the results framework's checks",
       "outcome outcome_text item question answer found"),
    _t("plan_lint", A, "plan_lint.csv", "plan", "problems found in the results framework",
       "sheet row id column check message severity outcome"),
    # ---- report
    _t("assessment_report", A, "{ISO3}_assessment_report.docx", "report", "the Word report"),
    _t("evidence_annex", A, "{ISO3}_evidence_annex.csv", "report", "the evidence annex's detail beside the report",
       "indicator criterion criterion_text status why rule evidence override_reason rubric_version", built=False),
    _t("report_awaiting", A, "report_awaiting.json", "report",
       "the report's sections whose assessor's text is missing (``ctnat build`` lists them)"),
    _t("quotes_to_review", A, "quotes_to_review.csv", "report", "quotes withheld for the assessor to clear",
       "quote_id status source where reason text"),
    # ---- handout
    _t("workshop_handout", A, "{ISO3}_workshop_handout.docx", "handout", "the validation-workshop handout"),
    _t("workshop_slides", A, "{ISO3}_workshop_slides.pptx", "handout", "the validation-workshop slides"),
    _t("workshop_worksheet", A, "{ISO3}_workshop_worksheet.docx", "handout", "the group worksheet"),
]}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise StageError(f"'{name}' is not a table of the catalogue (ctnat/catalogue.py)") from None


def by_file(file: str) -> Table:
    """The table whose file name is ``file`` (``scores.csv``)."""
    for t in TABLES.values():
        if t.file == file:
            return t
    raise StageError(f"'{file}' is not a file of the catalogue (ctnat/catalogue.py)")


def produced_by(stage: str) -> list[Table]:
    """The tables ``stage`` writes, in catalogue order."""
    return [t for t in TABLES.values() if t.stage == stage]


def language_dir(country: str, root=None, lang: str | None = None) -> Path:
    """The folder of a language's per-language tables: ``analysis/<ISO3>/`` for the base
    language, ``analysis/<ISO3>/<lang>/`` for another (``lang``: the current language)."""
    lang = lang or current_language()
    base = analysis_dir(country, root)
    return base if lang == BASE_LANGUAGE else base / lang


def path(name: str, country: str, root=None, lang: str | None = None, **parts: str) -> Path:
    """Where table ``name`` of ``country`` lives (no read is recorded); a per-language table in
    ``lang`` (default: the current language, :func:`ctnat.messages.language`)."""
    t = table(name)
    if t.folder == "processed":
        base = processed_dir(country, root)
    elif t.per_language:
        base = language_dir(country, root, lang)
    else:
        base = analysis_dir(country, root)
    return base / t.file_name(country, **parts)


# ------------------------------------------------------------ reads recorded
@dataclass
class _Reads:
    stage: str
    declared: frozenset[str]
    opened: list[str]
    undeclared: list[str]


_current: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar("ctnat_catalogue_reads", default=None)


def strict() -> bool:
    return os.environ.get("CTNAT_STRICT_READS", "") not in ("", "0")


@contextlib.contextmanager
def stage_reads(stage: str, declared) -> Iterator[_Reads]:
    """Record the tables opened while ``stage`` runs (``ctnat build`` wraps each
    stage in this). A stage may open what it declared and what it writes; in
    strict mode anything else raises :class:`StageError`."""
    reads = _Reads(stage, frozenset(declared) | {t.name for t in produced_by(stage)}, [], [])
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)


def _opened(name: str) -> Table:
    t = table(name)
    reads = _current.get()
    if reads is not None:
        key = t.index or t.name
        reads.opened.append(key)
        if key not in reads.declared:
            reads.undeclared.append(key)
            if strict():
                raise StageError(f"stage '{reads.stage}' opened table '{key}' ({t.file}) without declaring it: "
                                 "add it to the stage's reads in ctnat/build.py")
    return t


def _missing(name: str, p: Path, country: str) -> MissingInputError:
    t = table(name)
    return MissingInputError(f"{p} does not exist (table '{name}', written by the {t.stage} stage): run "
                             f"`ctnat build --country {country.upper()} --until {t.stage}` first.")


# ------------------------------------------------------------------ reading
def exists(name: str, country: str, root=None, **parts: str) -> bool:
    """Whether the table is there (a read of it: the stage depends on it)."""
    _opened(name)
    return path(name, country, root, **parts).exists()


def input_path(name: str, country: str, root=None, must_exist: bool = True, **parts: str) -> Path:
    """The path of a table the caller reads itself (a Markdown part, a
    listing); with ``must_exist`` a missing file is an error."""
    _opened(name)
    p = path(name, country, root, **parts)
    if must_exist and not p.exists():
        raise _missing(name, p, country)
    return p


def read(name: str, country: str, root=None, missing_ok: bool = False, **parts: str):
    """A CSV table as a DataFrame: text columns as text, :data:`DTYPES` typed.
    Missing: an error naming the command that makes it, or None with
    ``missing_ok``."""
    _opened(name)
    p = path(name, country, root, **parts)
    if not p.exists():
        if missing_ok:
            return None
        raise _missing(name, p, country)
    frame = read_table(p, DTYPES)
    t = table(name)
    if t.words and current_language() != BASE_LANGUAGE and not t.per_language:
        for column in t.words:
            if column in frame:
                frame[column] = frame[column].map(translate_label)
    return frame


def read_json(name: str, country: str, root=None, missing_ok: bool = False, default: Any = None) -> Any:
    """A JSON table; ``default`` when missing and ``missing_ok``."""
    _opened(name)
    p = path(name, country, root)
    if not p.exists():
        if missing_ok:
            return default
        raise _missing(name, p, country)
    return json.loads(p.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ writing
def check_columns(name: str, frame) -> None:
    """The frame has the table's declared columns (and no others unless the
    table is open); a frame with neither rows nor columns stands for an empty table."""
    t = table(name)
    if not t.columns and not t.open:
        raise StageError(f"table '{name}' ({t.file}) declares no columns: it is not a CSV table")
    have = [str(c) for c in frame.columns]
    if not have and not len(frame):
        return
    missing = [c for c in t.columns if c not in have]
    extra = [] if t.open else [c for c in have if c not in t.columns and c not in t.optional]
    if missing or extra:
        raise StageError(f"table '{name}' ({t.file}) written with the wrong columns: "
                         + "; ".join(x for x in (f"missing {', '.join(missing)}" if missing else "",
                                                 f"not declared {', '.join(extra)}" if extra else "") if x)
                         + " — declare them in ctnat/catalogue.py")


def write(name: str, frame, country: str, root=None, **parts: str) -> Path:
    """Write a CSV table atomically, after checking its columns."""
    check_columns(name, frame)
    return write_table(frame, path(name, country, root, **parts))


def write_json(name: str, data: Any, country: str, root=None, **dumps: Any) -> Path:
    """Write a JSON table atomically (``data`` as text, or an object dumped with ``dumps`` options)."""
    text = data if isinstance(data, str) else json.dumps(data, **dumps)
    return write_text(path(name, country, root), text)
