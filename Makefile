# Set-up and entry points for a fresh clone. `make demo` and `make test` each do all
# set-up first (Python package, sandbox image), so a newcomer needs nothing else.
PYTHON ?= python3
IWR := $(PYTHON) -m evaluator.cli
PYTEST_ARGS ?=

.PHONY: setup image demo test lint

setup:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@# Offline machines build the sandbox's Debian base with mmdebstrap; install it if
	@# it is missing and we may (root with apt). Elsewhere `docker build .` needs none.
	@if ! command -v mmdebstrap >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing mmdebstrap (builds the sandbox base image without a registry)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null; \
	fi
	@# Published-layout tasks have reference screenshots only; their text is read by OCR.
	@if ! command -v tesseract >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing tesseract-ocr (reads reference text from published checkpoints)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null; \
	fi

image: setup
	$(IWR) sandbox build

demo: image
	$(IWR) demo --tasks tasks --out runs

lint: setup
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

test: image lint
	$(PYTHON) -m pytest -ra $(PYTEST_ARGS)
