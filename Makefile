# Two commands do all set-up on a fresh machine:
#   make site   creates .venv, installs, builds the example catalogue into site/
#   make test   installs test dependencies (Chromium from Debian where missing) and runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed
NODE_INSTALLED := node_modules/.installed

.PHONY: site test install browser check lint schema clean help
.DEFAULT_GOAL := help

help:
	@echo "make site    build the example catalogue into site/ (sets everything up first)"
	@echo "make test    run the whole test suite, browser tests included"
	@echo "make check   validate content/ without building"
	@echo "make schema  regenerate schema/service.schema.json from the model"
	@echo "make lint    ruff"

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

install: $(INSTALLED)

site: $(INSTALLED)
	$(BIN)/catalogue build --content content --templates templates --out site
	@echo ""
	@echo "Open it:  file://$(CURDIR)/site/index.html"
	@echo "Or serve: $(PYTHON) -m http.server --directory site 8000   then visit http://127.0.0.1:8000/"

check: $(INSTALLED)
	$(BIN)/catalogue check --content content

schema: $(INSTALLED)
	$(BIN)/python -c "from directory.builders.site import schema_text; open('schema/service.schema.json', 'w').write(schema_text())"

$(TEST_INSTALLED): $(INSTALLED) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used);
# the HTML validity test runs the Nu HTML Checker on Java.
browser:
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Java (for the Nu HTML Checker) from Debian's packages..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "Java is missing: install it with 'sudo apt-get install default-jre-headless' and run make test again."; \
		exit 1; \
	fi
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium from Debian's packages..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing: install it with 'sudo apt-get install chromium' and run make test again."; \
		exit 1; \
	fi
	@if fc-list 2>/dev/null | grep -q "NotoSansBengali" && ldconfig -p | grep -q "libpangoft2-1.0"; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Noto fonts and Pango (for the PDF print edition) from Debian's packages..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 fontconfig >/dev/null; \
	else \
		echo "Noto fonts or Pango are missing: sudo apt-get install fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0, then make test again."; \
		exit 1; \
	fi

test: $(TEST_INSTALLED) $(NODE_INSTALLED) browser
	$(BIN)/python -m pytest

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check directory tests bench build.py

clean:
	rm -rf site .venv node_modules .pytest_cache .hypothesis

# Interface translations (gettext). Translators edit directory/locale/<lang>/LC_MESSAGES/messages.po
# with Poedit or Weblate; the build reads .po files directly, so compiling is optional.
LANGS ?= bn gu pl so ur
.PHONY: messages messages-compile
messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k ngettext:1,2 --no-location --sort-output \
		--project "Community Catalogue" --msgid-bugs-address "directory@example.org" \
		-o directory/locale/messages.pot .
	for lang in $(LANGS); do \
		if [ -f directory/locale/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching -i directory/locale/messages.pot -d directory/locale -l $$lang; \
		else \
			$(BIN)/pybabel init -i directory/locale/messages.pot -d directory/locale -l $$lang; \
		fi; \
	done

messages-compile: $(INSTALLED)
	$(BIN)/pybabel compile -d directory/locale

# Benchmarks print figures; they are not tests (see bench/README.md).
# At 10,000 services with 3 runs a build benchmark takes hours: BENCH_SIZES=1000 BENCH_RUNS=1.
BENCH_SIZES ?= 1000 10000
BENCH_RUNS ?= 3
BENCH_INSTALLED := $(VENV)/.bench-installed
.PHONY: bench bench-build bench-search bench-profile
bench: bench-build bench-search

bench-build: $(INSTALLED)
	@for n in $(BENCH_SIZES); do \
		$(BIN)/python bench/build_bench.py --services $$n --runs $(BENCH_RUNS) \
			--workdir .cache/bench/build-$$n --reuse --json .cache/bench/build-$$n.json || exit 1; \
	done

bench-search: $(TEST_INSTALLED) browser
	$(BIN)/python bench/search_bench.py

$(BENCH_INSTALLED): $(INSTALLED) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	touch $@

bench-profile: $(BENCH_INSTALLED)
	$(BIN)/python bench/build_bench.py --services 1000 --runs 0 --profile --workdir .cache/bench/build-1000 --reuse
