"""``ctnat code``: auto-code interview segments and survey free text, merge the
assessor's decisions, and write coded segments, theme frequencies,
co-occurrence and coder agreement to ``analysis/<ISO3>/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis.run import load_processed
from ..ingest.text_segments import survey_text_segments
from ..tables import write_csv
from ..instruments import load_instruments
from ..paths import analysis_dir, instruments_dir
from ..problems import InstrumentError
from .autocode import autocode
from .frequencies import theme_cooccurrence, theme_frequencies
from .manual import apply_manual, coder_agreement


def all_segments(country: str, root=None, inst=None) -> pd.DataFrame:
    """Interview segments plus survey free-text segments of one country."""
    inst = inst or load_instruments(instruments_dir(root))
    interviews = load_processed(country, root, "segments").assign(origin="interview")
    survey = survey_text_segments(load_processed(country, root, "respondents"), inst)
    return pd.concat([interviews, survey], ignore_index=True)


def code_country(country: str, root=None, progress=None) -> dict[str, Path]:
    """Run the coding stage for one country; returns the files written."""
    country = country.upper()
    say = progress or (lambda msg: None)
    inst = load_instruments(instruments_dir(root))
    codebook = inst.extra.get("codebook")
    if not codebook:
        raise InstrumentError(f"{instruments_dir(root) / 'codebook.yaml'} is missing: coding needs a codebook.")
    themes = {t["code"]: t for t in codebook["themes"]}
    segments = all_segments(country, root, inst)
    auto = autocode(segments, codebook)
    manual = load_processed(country, root, "coding_decisions")  # validated by ingest
    coded = apply_manual(auto, manual, segments, themes)
    coded = coded.sort_values(["segment_id", "theme"]).reset_index(drop=True)
    out = analysis_dir(country, root)
    written = {
        "coded_segments": write_csv(coded, out / "coded_segments.csv"),
        "theme_frequencies": write_csv(theme_frequencies(coded, codebook), out / "theme_frequencies.csv"),
        "theme_cooccurrence": write_csv(theme_cooccurrence(coded, codebook), out / "theme_cooccurrence.csv"),
    }
    if not manual.empty and manual["coder"].nunique() >= 2:
        written["coding_agreement"] = write_csv(coder_agreement(manual), out / "coding_agreement.csv")
    say(f"code {country}: {len(segments)} segments, {len(auto)} automatic and "
        f"{int((coded['source'] == 'manual').sum())} manual codes")
    return written
