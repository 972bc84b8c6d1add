"""``ctnat charts`` and ``ctnat report``."""

from __future__ import annotations

import click

from .common import country_option, one_at_a_time, progress_echo


@click.command("charts")
@country_option
@click.option("--force", is_flag=True, help="Re-render every chart even if its data did not change.")
@click.option("--report-only", is_flag=True, help="Only the charts the report shows (the `charts` stage).")
def charts_cmd(country, force, report_only):
    """Render the charts to analysis/<ISO3>/charts/*.png in one browser session: the report's, then
    the others (workshop slides, survey grids, the whole indicator matrix)."""
    from ..charts import draw_country_charts

    with one_at_a_time(country):
        result = draw_country_charts(country, progress=progress_echo, force=force, report_only=report_only)
    click.echo(f"{len(result['rendered'])} rendered, {len(result['skipped'])} unchanged")


@click.command("report")
@country_option
@click.option("--no-pdf", is_flag=True, help="Do not write the PDF (LibreOffice) beside the Word file.")
def report_cmd(country, no_pdf):
    """Write analysis/<ISO3>/<ISO3>_assessment_report.docx (and .pdf, the contents filled) from the
    analysis tables and the rendered charts (this step alone; `ctnat build` runs what it needs)."""
    from ..report import build_report

    with one_at_a_time(country):
        path = build_report(country, progress=progress_echo, pdf=False if no_pdf else None)
    click.echo(f"Wrote {path}")


commands = [charts_cmd, report_cmd]
