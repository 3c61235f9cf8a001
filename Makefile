# Set-up and entry points for a fresh clone. `make demo` and `make test` each do all
# set-up first (a project virtual environment, the sandbox image), so a newcomer needs
# nothing else. Everything Python runs from $(VENV), never from the system interpreter's
# site-packages (a distribution Python refuses `pip install` there: PEP 668).

# The interpreter that creates the environment (3.11 or newer). CI sets the distribution's.
PYTHON3 ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
IWR := $(PYTHON) -m evaluator.cli
# Extras the full test suite needs; adding one (e.g. `ray`) is a one-word change.
EXTRAS := test ray
PYTEST_ARGS ?=
# Full set-up logs (pip, apt, image build); a failure names the one to read.
LOGS := build/setup-logs

comma := ,
empty :=
space := $(empty) $(empty)
EXTRAS_SPEC := $(subst $(space),$(comma),$(strip $(EXTRAS)))
# The stamp names the extras, so changing EXTRAS reinstalls.
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS_SPEC))
# (a variable, so the commas between extras do not split the $(call) below)
PIP_SPEC := .[$(EXTRAS_SPEC)]

# Run a command quietly: its output goes to a log; on failure show the tail and name the log.
# $(call quiet,<log name>,<command>)
quiet = mkdir -p $(LOGS) && { $(2); } >$(LOGS)/$(1).log 2>&1 || { \
	tail -n 15 $(LOGS)/$(1).log; echo "FAILED: $(1); full log: $(CURDIR)/$(LOGS)/$(1).log" >&2; exit 1; }
# root with apt may install a system package the set-up needs; elsewhere we only say which.
can_apt = [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1

.PHONY: setup venv image demo test test-unit typecheck lint clean-venv

setup: $(STAMP)
	@# Offline machines build the sandbox's Debian base with mmdebstrap; install it if
	@# it is missing and we may (root with apt). Elsewhere `docker build .` needs none.
	@if ! command -v mmdebstrap >/dev/null 2>&1 && $(can_apt); then \
		echo "installing mmdebstrap (builds the sandbox base image without a registry)"; \
		$(call quiet,apt-mmdebstrap,apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap); \
	fi
	@# Published-layout tasks have reference screenshots only; their text is read by OCR.
	@if ! command -v tesseract >/dev/null 2>&1 && $(can_apt); then \
		echo "installing tesseract-ocr (reads reference text from published checkpoints)"; \
		$(call quiet,apt-tesseract,apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng); \
	fi

venv: $(PYTHON)

# The environment itself. A distribution Python without venv/ensurepip (Debian and Ubuntu
# split it into python3-venv) gets it from apt when we are root, else we say what to install.
$(PYTHON):
	@$(PYTHON3) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "FAILED: '$(PYTHON3)' is not Python 3.11 or newer ($$($(PYTHON3) --version 2>&1));" \
			"run e.g. 'make PYTHON3=python3.11 ...'" >&2; exit 1; }
	@echo "creating $(VENV) with $$(command -v $(PYTHON3)) ($$($(PYTHON3) --version 2>&1))"
	@mkdir -p $(LOGS)
	@if ! { $(PYTHON3) -m venv $(VENV) && $(VENV)/bin/python -m pip --version; } >$(LOGS)/venv.log 2>&1; then \
		rm -rf $(VENV); \
		pkg=python$$($(PYTHON3) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv; \
		if $(can_apt); then \
			echo "installing $$pkg (the distribution's Python has no venv/ensurepip)"; \
			$(call quiet,apt-venv,apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg); \
			$(call quiet,venv,$(PYTHON3) -m venv $(VENV) && $(VENV)/bin/python -m pip --version); \
		else \
			tail -n 5 $(LOGS)/venv.log; \
			echo "FAILED: '$(PYTHON3) -m venv' cannot create an environment; install $$pkg" \
				"(Debian/Ubuntu: sudo apt-get install $$pkg) and run make again" >&2; \
			exit 1; \
		fi; \
	fi

# The package (editable) with the extras the suite needs; redone when its metadata changes.
$(STAMP): setup.cfg pyproject.toml | $(PYTHON)
	@echo "installing the evaluator and its dependencies into $(VENV) ($(EXTRAS_SPEC))"
	@$(call quiet,pip,$(PYTHON) -m pip install --disable-pip-version-check -e '$(PIP_SPEC)')
	@rm -f $(VENV)/.installed-* && touch $@

image: setup
	@echo "building the sandbox image if its sources changed (first build: about 5 minutes)"
	@$(call quiet,image,$(IWR) sandbox build)
	@echo "sandbox image: $$(tail -n 1 $(LOGS)/image.log)"

demo: image
	$(IWR) demo --tasks tasks --out runs

lint: setup
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

# CI (.ci/run) runs this: lint and types first (seconds), then the full suite.
test: image lint typecheck
	$(PYTHON) -m pytest -ra $(PYTEST_ARGS)

# The unit tier: every test that needs no Docker engine, no gRPC socket, no Ray cluster and no
# browser, and is not slow. Builds nothing (only the Python environment, once).
UNIT_MARKERS := not docker and not grpc and not ray and not slow and not browser
test-unit: $(STAMP)
	$(PYTHON) -m pytest -q -m "$(UNIT_MARKERS)" $(PYTEST_ARGS)

# Types (mypy, [tool.mypy]) and the layering as import contracts ([tool.importlinter]).
typecheck: $(STAMP)
	$(PYTHON) -m mypy
	$(VENV)/bin/lint-imports

clean-venv:
	rm -rf $(VENV) $(LOGS)
