"""The method lives in the instruments: no survey question code or column name is
written into the Python code (docstrings and comments aside). Python finds a
question by its role (``survey.yaml`` ``role:``, ``Survey.by_role``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _codes_and_names() -> set[str]:
    data = yaml.safe_load((ROOT / "instruments" / "survey.yaml").read_text(encoding="utf-8"))
    out = set()
    for q in data["questions"]:
        out.add(str(q["code"]))
        if q.get("name"):
            out.add(str(q["name"]))
        for it in q.get("items") or []:
            out.add(str(it["code"]))
            out.add(str(it["name"]))
    return out


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


MARKER = "not a question code"


def question_code_literals(source: str, codes: set[str]) -> list[tuple[int, str]]:
    """(line, literal) for every string constant outside docstrings that names a
    question code ("2.2.1", "8.1") or a survey column ("q1_2", "q8_1_A"). A line
    whose comment says "not a question code" (a report section number, an
    interview-guide code that happens to look the same) is let through."""
    tree = ast.parse(source)
    lines = source.splitlines()
    skip = _docstrings(tree)
    code_rx = re.compile(r"(?<![\w.])(" + "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
                         + r")(?![\w]|\.\d)")
    col_rx = re.compile(r"(?<![\w])q\d+(?:_\w+)?(?![\w])")
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            marked = any(MARKER in lines[n - 1] for n in range(node.lineno, (node.end_lineno or node.lineno) + 1))
            if not marked and (code_rx.search(node.value) or col_rx.search(node.value)):
                hits.append((node.lineno, node.value))
    return hits


def test_scanner_finds_a_code_and_a_column():
    codes = _codes_and_names()
    src = 'x = inst.survey.field("2.2.1")\ny = df["q1_2"]\nz = f"{a} (8.1)"\n'
    assert [h[1] for h in question_code_literals(src, codes)] == ["2.2.1", "q1_2", " (8.1)"]
    doc = '"""Counts 2.2.1 and q1_2."""\nx = "version 1.0.2"\ny = "1.1 Purpose"  # not a question code\n'
    assert question_code_literals(doc, codes) == []


def test_no_question_code_literal_in_ctnat():
    codes = _codes_and_names()
    found = []
    for path in sorted((ROOT / "ctnat").rglob("*.py")):
        for line, text in question_code_literals(path.read_text(encoding="utf-8"), codes):
            found.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    assert found == []
