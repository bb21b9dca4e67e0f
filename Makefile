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
	fonts-noto-cjk fonts-dejavu-core libportaudio2 xclip wrk flite pulseaudio pulseaudio-utils libasound2-plugins
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install system-deps venv model lint typecheck pytest bench clean

demo: install
	$(BIN)/incar demo $(DEMO_ARGS)

test: install lint typecheck pytest

install: system-deps venv model

system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "system packages present"; fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

model: venv
	$(BIN)/incar model install

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/incar bench all --out bench-results.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
