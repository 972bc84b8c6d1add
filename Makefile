# CT-NAT entry points. Every target sets itself up: the first run creates .venv,
# installs the package with its pinned dependencies and the system packages it needs.
#   make report COUNTRY=AZE   # the country assessment report (Word)
#   make handout COUNTRY=AZE  # validation-workshop handout, worksheet and slides
#   make test                 # the test suite
#   make bench                # benchmarks -> BENCHMARKS.md
#   make serve                # the focal-point upload portal on 127.0.0.1:8000

COUNTRY ?= AZE
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
CTNAT   := $(BIN)/ctnat
STAMPS  := .stamps

.PHONY: setup system test report handout bench serve instruments clean-analysis help
.DEFAULT_GOAL := help

help:
	@echo "make report COUNTRY=AZE | make handout COUNTRY=AZE | make test | make bench | make serve"

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

$(STAMPS)/libreoffice:
	@mkdir -p $(STAMPS)
	@scripts/ensure_system_packages.sh soffice libreoffice-writer-nogui optional
	@touch $@

setup: $(STAMPS)/venv $(STAMPS)/system

# --- the pipeline (file targets give incremental rebuilds) ---------------------
RAW_FILES   := $(shell find data/raw/$(COUNTRY) -type f 2>/dev/null | sed 's/ /\\ /g')
# the instruments and the code: a change to either rebuilds what depends on it
INSTRUMENTS := $(wildcard instruments/*.yaml) $(shell find ctnat -name '*.py' -o -name '*.html' 2>/dev/null)
PROCESSED   := data/processed/$(COUNTRY)/manifest.json
OUT         := analysis/$(COUNTRY)

$(PROCESSED): $(RAW_FILES) $(INSTRUMENTS) | setup
	$(CTNAT) ingest --country $(COUNTRY)

$(OUT)/coded_segments.csv: $(PROCESSED) $(INSTRUMENTS)
	$(CTNAT) code --country $(COUNTRY)

$(OUT)/survey_items.csv: $(PROCESSED) $(INSTRUMENTS)
	$(CTNAT) analyse --country $(COUNTRY)

# National Action Plans, when the country lists any in data/raw/<ISO3>/nap/nap.yaml
NAP_REG := $(wildcard data/raw/$(COUNTRY)/nap/nap.yaml)
NAP_OUT := $(if $(NAP_REG),$(OUT)/nap_coverage.csv)

$(OUT)/nap_coverage.csv: $(wildcard data/raw/$(COUNTRY)/nap/*) $(INSTRUMENTS) | setup
	$(CTNAT) nap parse --country $(COUNTRY)
	$(CTNAT) nap analyse --country $(COUNTRY)

$(OUT)/scores.csv: $(OUT)/survey_items.csv $(OUT)/coded_segments.csv $(NAP_OUT) $(INSTRUMENTS)
	$(CTNAT) score --country $(COUNTRY)

$(OUT)/$(COUNTRY)_assessment_report.docx: $(OUT)/scores.csv $(wildcard report_templates/*) $(RAW_FILES)
	$(CTNAT) report --country $(COUNTRY)

report: setup $(OUT)/$(COUNTRY)_assessment_report.docx
	@echo "Report: $(OUT)/$(COUNTRY)_assessment_report.docx"

handout: setup $(STAMPS)/libreoffice $(OUT)/scores.csv
	$(CTNAT) handout --country $(COUNTRY)

instruments: setup
	$(CTNAT) instruments check

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m ctnat.bench

serve: setup
	$(CTNAT) serve

clean-analysis:
	rm -rf analysis/$(COUNTRY) data/processed/$(COUNTRY)
