# CT-NAT entry points. Every target sets itself up: the first run creates .venv,
# installs the package with its pinned dependencies and the system packages it needs.
#   make report COUNTRY=AZE   # the country assessment report (Word, and PDF beside it); lists the
#                             # sections awaiting the assessor's text (DRAFT=1: marks them in the report)
#   make handout COUNTRY=AZE  # validation-workshop handout, worksheet and slides (and PDFs)
#   make plan COUNTRY=AZE     # draft results framework (NAP activities, MEL plan, checks)
#   LANGUAGE=ru               # any of the three in Russian, in analysis/<ISO3>/ru/ (LANG is the locale: left alone)
#   make test                 # the test suite
#   make bench                # benchmarks -> BENCHMARKS.md
#   make serve                # the focal-point upload portal on 127.0.0.1:8000

COUNTRY ?= AZE
LANGUAGE ?= en
# a country code in any case names one country: COUNTRY=aze builds AZE (ctnat refuses what is not three letters)
override COUNTRY := $(shell printf '%s' '$(COUNTRY)' | tr '[:lower:]' '[:upper:]')
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
CTNAT   := $(BIN)/ctnat
STAMPS  := .stamps

.PHONY: setup system test report handout plan bench serve instruments clean-analysis help
.DEFAULT_GOAL := help

help:
	@echo "make report COUNTRY=AZE [LANGUAGE=ru] | make handout COUNTRY=AZE | make plan COUNTRY=AZE | make test | make bench | make serve"

# --- setup --------------------------------------------------------------------
$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(STAMPS)/system:
	@mkdir -p $(STAMPS)
	@scripts/ensure_system_packages.sh chromium chromium required
	@touch $@

# The report's PDF is a main output, not an extra: LibreOffice (Writer for the
# documents, Impress for the slides, its Python bridge for the contents page) and
# poppler (the PDF check) are installed by every target that makes a document.
$(STAMPS)/libreoffice:
	@mkdir -p $(STAMPS)
	@scripts/ensure_system_packages.sh soffice libreoffice-writer-nogui required
	@scripts/ensure_system_packages.sh /usr/lib/libreoffice/share/registry/impress.xcd libreoffice-impress-nogui required
	@scripts/ensure_system_packages.sh /usr/lib/python3/dist-packages/uno.py python3-uno required
	@scripts/ensure_system_packages.sh pdftotext poppler-utils required
	@touch $@

setup: $(STAMPS)/venv $(STAMPS)/system

# --- the pipeline ----------------------------------------------------------------
# One command, one process: `ctnat build` runs exactly the stages whose inputs
# changed by content (received files added, changed or deleted whatever their
# dates, instruments, code) — see docs/architecture.md. Make only sets up.
OUT := analysis/$(COUNTRY)$(if $(filter-out en,$(LANGUAGE)),/$(LANGUAGE))
BUILD = $(CTNAT) build --country $(COUNTRY) --lang $(LANGUAGE)

report: setup $(STAMPS)/libreoffice
	@$(BUILD) --until report $(if $(filter 1,$(DRAFT)),--draft)
	@echo "Report: $(OUT)/$(COUNTRY)_assessment_report.docx"
	@test -f $(OUT)/$(COUNTRY)_assessment_report.pdf && echo "PDF:    $(OUT)/$(COUNTRY)_assessment_report.pdf" || true

handout: setup $(STAMPS)/libreoffice
	@$(BUILD) --until handout
	@echo "Handout: $(OUT)/$(COUNTRY)_workshop_handout.docx, slides and worksheet beside it"

plan: setup
	@$(BUILD) --until plan
	@echo "Results framework: $(OUT)/$(COUNTRY)_results_framework.xlsx"

instruments: setup
	$(CTNAT) instruments check

test: setup
	$(BIN)/ruff check ctnat tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m ctnat.bench

serve: setup
	$(CTNAT) serve

clean-analysis:
	rm -rf analysis/$(COUNTRY) data/processed/$(COUNTRY) .ctnat/build-$(COUNTRY).sqlite3
