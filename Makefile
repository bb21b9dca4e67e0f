# Two entry points do all the set-up on a fresh Debian machine:
#   make demo  - install everything (system packages, venv, speech model), then run the demo
#   make test  - install everything, then run lint, type checks and the whole test suite
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3

# Debian packages the head unit needs at run time and the suite needs to test it.
APT_PACKAGES := xvfb xauth libgl1-mesa-dri libmtdev1 espeak-ng libespeak-ng1 sox libsox-fmt-all \
	fonts-noto-cjk fonts-dejavu-core libportaudio2 xclip wrk flite \
	festival festvox-kdlpc16k pulseaudio pulseaudio-utils libasound2-plugins
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The terminal gets one line per install step; the steps' full output goes to INSTALL_LOG in
# the data dir (platformdirs' user data dir on Linux, or INCAR_DATA_DIR), and a failing step
# prints that path and the log's last lines.
DATA_DIR := $(or $(INCAR_DATA_DIR),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/incar)
INSTALL_LOG := $(DATA_DIR)/logs/install.log
# $(call step,what,commands,outcome): prints "what… outcome"; run inside a recipe's shell.
step = mkdir -p "$(dir $(INSTALL_LOG))"; printf '%s… ' "$(1)"; \
	echo "== $$(date '+%F %T') $(1)" >> "$(INSTALL_LOG)"; \
	if ( $(2) ) >> "$(INSTALL_LOG)" 2>&1; then echo "$(3)"; else echo failed; \
	echo "The last lines of $(INSTALL_LOG):"; tail -n 15 "$(INSTALL_LOG)"; exit 1; fi

.PHONY: demo test install system-deps venv model lint typecheck pytest bench screenshots messages clean

demo: install
	@$(BIN)/incar demo $(DEMO_ARGS)

test: install lint typecheck pytest

install: system-deps venv model

system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -z "$$missing" ]; then echo "system packages… present"; else \
		$(if $(SUDO),$(SUDO) -v || exit 1;) \
		$(call step,installing system packages:$$missing,$(SUDO) apt-get update && \
			DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends \
			$$missing,done); fi

# Reinstalled when pyproject.toml changes (the stamp is older than it).
venv:
	@if [ -f $(VENV)/.installed ] && [ ! pyproject.toml -nt $(VENV)/.installed ]; then \
		echo "Python packages… present"; else \
		$(call step,installing Python packages,{ test -x $(PY) || $(PYTHON) -m venv $(VENV); } && \
			$(PY) -m pip install --upgrade pip && $(PY) -m pip install -e '.[dev]',done); \
		touch $(VENV)/.installed; fi

model: venv
	@if $(BIN)/incar model status >/dev/null 2>&1; then echo "speech model… ready"; else \
		$(call step,speech model (downloading about 40 MB),$(BIN)/incar model install,ready); fi

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/incar bench all --out bench-results.json

# Every screen in every size, theme and language, into screenshots/ with an index.html
# contact sheet (under an Xvfb of its own when there is no DISPLAY).
screenshots: install
	$(BIN)/incar screenshots --out screenshots $(SCREENSHOT_ARGS)

# The head unit's strings (_, N_, ngettext, pgettext in car_ui) into car_ui/locale/incar.pot,
# merged into each language's .po: then translate the entries left empty (the suite fails while
# one is). A new language: pybabel init -D incar -i car_ui/locale/incar.pot -d car_ui/locale -l LL
messages: venv
	$(BIN)/pybabel -q extract -F babel.cfg --project incar --add-location=file --sort-by-file --no-wrap \
		-c TRANSLATORS: -o car_ui/locale/incar.pot .
	$(BIN)/pybabel -q update -D incar -i car_ui/locale/incar.pot -d car_ui/locale \
		--ignore-obsolete --no-fuzzy-matching --no-wrap

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
