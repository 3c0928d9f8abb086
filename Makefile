# Two entry points for a fresh machine: `make chat` and `make test`.
# Each creates the virtual environment on first use and keeps it up to date with pyproject.toml.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: chat test lint bench-nlu bench-scoring bench-qualify bench-report bench-dashboard bench-turn bench-e2e kill-sweep nlu-model

$(BIN)/leadbot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

chat: $(BIN)/leadbot
	$(BIN)/leadbot chat

test: $(BIN)/leadbot
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/leadbot
	$(BIN)/ruff check bot storage tests bench
	$(BIN)/mypy --strict bot storage tests

# Retrain the extraction's classifiers from corpus/nlu/ (train part) into bot/qualify/nlu/trained/
nlu-model: $(BIN)/leadbot
	$(BIN)/python -m bot.qualify.nlu.classify.train

bench-nlu: $(BIN)/leadbot
	$(BIN)/python bench/nlu_throughput.py

bench-scoring: $(BIN)/leadbot
	$(BIN)/python bench/scoring_pass.py

# The whole `leadbot report` over 100,000 leads and 1,000,000 events, with every query's plan
bench-report: $(BIN)/leadbot
	$(BIN)/python bench/report.py $(REPORT_ARGS)

# The simulated prospects: make bench-qualify QUALIFY_ARGS="--part test --lang de"
bench-qualify: $(BIN)/leadbot
	$(BIN)/python bench/qualify.py $(QUALIFY_ARGS)

# Every dashboard page over 100,000 leads and 1,000,000 events: make bench-dashboard DASHBOARD_ARGS="--plans"
bench-dashboard: $(BIN)/leadbot
	$(BIN)/python bench/dashboard.py $(DASHBOARD_ARGS)
# One qualification turn in process against bare dispatch: make bench-turn TURN_ARGS="--profile"
bench-turn: $(BIN)/leadbot
	$(BIN)/python bench/turn.py $(TURN_ARGS)

# The real process against the Bot API stand-in and a bare echo bot: E2E_ARGS="--repeat 3"
bench-e2e: $(BIN)/leadbot
	$(BIN)/python bench/e2e.py $(E2E_ARGS)

# Issue 13's SIGKILL sweep of the real process: make kill-sweep KILL_SWEEP_ARGS="--database pg"
kill-sweep: $(BIN)/leadbot
	$(BIN)/python bench/kill_sweep.py $(KILL_SWEEP_ARGS)
