# The README's two commands: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test install install-test system translator lint typecheck pytest bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,ray]'

system:
	bash scripts/setup-system.sh

## The Debian apertium packages that translate reports into English (the demo's Spanish and
## French reports need them).
translator:
	bash scripts/setup-system.sh --translation

## Install, screen the sample resumes against a sample job and triage the sample reports
## (SQLite, bundled models, no network).
demo: install translator
	$(BIN)/fairsift screen --db .demo/fairsift.db --job examples/jobs/data-scientist.md examples/resumes/
	$(BIN)/fairsift job show examples/jobs/data-scientist.md
	$(BIN)/fairsift triage --db .demo/fairsift.db --taxonomy examples/taxonomies/disaster-response.toml examples/reports/
	@echo "Review in the browser: $(BIN)/fairsift user add alice --role admin --db .demo/fairsift.db; $(BIN)/fairsift serve --db .demo/fairsift.db"

## Install everything the tests need, then lint, type-check and run the whole suite.
test: system install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	bash scripts/pytest.sh

bench: install-test
	$(BIN)/python -m benchmarks

## Evaluations on ../shared/data; figures also go to fairsift-evidence/ for `fairsift usecase`.
eval: install
	mkdir -p fairsift-evidence
	$(BIN)/fairsift eval ranking --json fairsift-evidence/eval-ranking.json
	$(BIN)/fairsift eval blind --json fairsift-evidence/eval-blind.json
	$(BIN)/fairsift eval triage --json fairsift-evidence/eval-triage.json
	$(BIN)/fairsift eval agreement --json fairsift-evidence/agreement.json
	$(BIN)/fairsift eval within-field --json fairsift-evidence/within-field.json
	$(BIN)/fairsift eval requirements --json fairsift-evidence/eval-requirements.json

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
