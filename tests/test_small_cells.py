"""The small-cell rule (a count above 0 and below the rubric's ``small_cell``)
is one function, and every place that shows a count applies it: ingest's
statistics, the report's survey grid tables and the report's limitations."""

import numpy as np
import pandas as pd
import pytest
from docx import Document

from ctnat.small_cells import is_small_cell

from .conftest import REPO

THRESHOLD = 3


@pytest.mark.parametrize("n, small", [(0, False), (THRESHOLD - 1, True), (THRESHOLD, False), (THRESHOLD + 1, False)])
def test_the_boundary(n, small):
    assert is_small_cell(n, THRESHOLD) is small


def test_a_column_of_counts_gives_a_mask():
    counts = pd.Series([0, 1, 2, 3, 4])
    assert is_small_cell(counts, THRESHOLD).tolist() == [False, True, True, False, False]
    assert is_small_cell(np.array([2, 3]), THRESHOLD).tolist() == [True, False]


def test_ingest_flags_small_counts_of_people_at_the_boundary(tmp_path):
    from ctnat.ingest.statistics import validate_statistics
    from ctnat.instruments import load_instruments

    p = tmp_path / "statistics.csv"
    p.write_text("metric,year,source,value\n" + "".join(
        f"victims_identified,{2010 + n},MIA,{n}\n" for n in (THRESHOLD - 1, THRESHOLD, THRESHOLD + 1)))
    table, _ = validate_statistics(p, load_instruments(REPO / "instruments"), small_cell=THRESHOLD)
    assert list(table["small_cell"]) == [True, False, False]


@pytest.fixture
def aze_data(aze):
    from ctnat.report.build import _Data

    d = _Data("AZE", aze[0])
    assert d.rubric.small_cell == THRESHOLD
    block = d.inst.survey.grid_blocks()[0]
    fields = d.inst.survey.grid_fields(block.code)
    first = fields[0]
    codes = [o.code for o in first.scale.options][:4]
    items = d.items.copy()
    in_grid = items["question"].isin({f.code for f in d.inst.survey.grid_fields()})
    items.loc[in_grid, "count"] = 0
    for code, n in zip(codes, (THRESHOLD - 1, THRESHOLD, THRESHOLD + 1, 1)):
        items.loc[(items["question"] == first.code) & (items["option_code"] == code), "count"] = n
    d.items = items
    return d, block


def test_the_report_marks_small_cells_of_the_survey_grids(aze_data):
    from ctnat.report.build import _grid_table

    d, block = aze_data
    doc = Document()
    _grid_table(doc, d, block)
    first_row = [c.text for c in doc.tables[0].rows[1].cells[1:5]]
    assert first_row == [f"n={THRESHOLD - 1}*", f"n={THRESHOLD}", f"n={THRESHOLD + 1}", "n=1*"]


def test_the_report_limitations_count_the_small_cells(aze_data):
    from ctnat.report.annexes import limitations

    d, _ = aze_data
    text = " ".join(limitations(d))
    assert (f"Of the 4 answer cells of the survey grids that hold any answers, 2 hold fewer than {THRESHOLD}"
            in text)
