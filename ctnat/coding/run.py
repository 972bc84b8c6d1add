"""``ctnat code``: auto-code interview segments and survey free text, merge the
assessor's decisions, and write coded segments, theme frequencies,
co-occurrence and coder agreement to ``analysis/<ISO3>/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import catalogue
from ..ingest.text_segments import survey_text_segments
from ..instruments import load_instruments
from ..paths import instruments_dir
from .autocode import autocode
from .frequencies import theme_cooccurrence, theme_frequencies
from .manual import apply_manual, coder_agreement


def all_segments(country: str, root=None, inst=None) -> pd.DataFrame:
    """Interview segments plus survey free-text segments of one country."""
    inst = inst or load_instruments(instruments_dir(root))
    interviews = catalogue.read("segments", country, root).assign(origin="interview")
    survey = survey_text_segments(catalogue.read("respondents", country, root), inst)
    return pd.concat([interviews, survey], ignore_index=True)


def code_country(country: str, root=None, progress=None) -> dict[str, Path]:
    """Run the coding stage for one country; returns the files written."""
    country = country.upper()
    say = progress or (lambda msg: None)
    inst = load_instruments(instruments_dir(root))
    codebook = inst.codebook
    themes = {t.code: t for t in codebook.themes}
    segments = all_segments(country, root, inst)
    auto = autocode(segments, codebook)
    manual = catalogue.read("coding_decisions", country, root)  # validated by ingest
    coded = apply_manual(auto, manual, segments, themes)
    coded = coded.sort_values(["segment_id", "theme"]).reset_index(drop=True)
    written = {
        "coded_segments": catalogue.write("coded_segments", coded, country, root),
        "theme_frequencies": catalogue.write("theme_frequencies", theme_frequencies(coded, codebook), country, root),
        "theme_cooccurrence": catalogue.write("theme_cooccurrence", theme_cooccurrence(coded, codebook), country,
                                              root),
    }
    if not manual.empty and manual["coder"].nunique() >= 2:
        written["coding_agreement"] = catalogue.write("coding_agreement", coder_agreement(manual), country, root)
    say(f"code {country}: {len(segments)} segments, {len(auto)} automatic and "
        f"{int((coded['source'] == 'manual').sum())} manual codes")
    return written
