# backcare-tui: every target sets up what it needs, so a fresh clone only ever runs one command.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help run test lint typecheck bench sounds clean

help: ## List the targets and what each does
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing backcare-tui and its dependencies into $(VENV) (first run only; about a minute)..."
	@sh scripts/install.sh $(BIN)/python
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing backcare-tui with the test tools into $(VENV) (first run only)..."
	@sh scripts/install.sh $(BIN)/python dev
	touch $@ $(STAMP)

run: $(STAMP) ## Create .venv, install, and start the app
	$(BIN)/backcare $(ARGS)

# CI runs every test; on a developer's machine the slow wheel-and-venv build is left out unless
# asked for (make test PYTEST_ARGS=).
ifeq ($(CI),true)
PYTEST_ARGS ?=
else
PYTEST_ARGS ?= -m "not slow"
endif

test: $(DEV_STAMP) ## Create .venv with the dev extras and run every test (CI=true: the slow ones too)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(DEV_STAMP) ## ruff, the format check, strict mypy (package and tests), import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP) ## Run the benchmarks and print their figures (about 7 minutes)
	$(BIN)/python benchmarks/app_cpu.py
	$(BIN)/python benchmarks/loader_scaling.py
	$(BIN)/python benchmarks/history_scale.py
	$(BIN)/python benchmarks/sound_timeline.py

sounds: $(STAMP) ## Regenerate the cue WAVs in sounds/
	$(BIN)/python scripts/make_sounds.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
