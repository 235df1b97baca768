# svspec: `make demo` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint bench fuzz clean ajv dist pyodide

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,spark]"
	touch $(STAMP)

install: $(STAMP)

WASTE := specs/lambeth/waste-2027.svspec
WASTE_BIDS := specs/lambeth/bids/waste-acme.yaml specs/lambeth/bids/waste-greenway.json \
	specs/lambeth/bids/score-brixton.yaml specs/lambeth/bids/score-citywide.yaml specs/lambeth/bids/score-stockwell.yaml

MONITOR := out/delivery/monitor.duckdb
RETURNS := specs/lambeth/returns

demo: install
	@echo "== 1. Check every spec in specs/ (framework, value set, two tenders)"
	$(BIN)/svspec check specs
	@echo "== 2. Build the waste tender: bid schema, templates, scoring model, standalone scorer, guidance website (HTML)"
	$(BIN)/svspec build $(WASTE) --out out/waste-2027 --html --settings specs/lambeth/site.yaml
	@echo "== 3. Validate the returned bids (one invalid bid shows what a supplier is told)"
	$(BIN)/svspec validate $(WASTE) $(WASTE_BIDS) specs/lambeth/bids/waste-acme.xlsx
	$(BIN)/svspec validate $(WASTE) specs/lambeth/bids/waste-hasty-invalid.yaml || echo "(exit status 1: that bid is invalid, as expected)"
	@echo "== 4. Score and rank the bids with the evaluators' marks"
	$(BIN)/svspec score $(WASTE) $(WASTE_BIDS) --marks specs/lambeth/marks/waste-2027.yaml
	$(BIN)/svspec score $(WASTE) $(WASTE_BIDS) --marks specs/lambeth/marks/waste-2027.yaml \
		--explain "Acme Services Ltd" --summary all --sensitivity --format md > out/waste-2027/evaluation-report.md
	$(BIN)/svspec summaries $(WASTE) $(WASTE_BIDS) --marks specs/lambeth/marks/waste-2027.yaml \
		--out out/summaries/waste-2027 --date 2027-02-01 --standstill-ends 2027-02-10
	@echo "== 5. Run the tests kept beside the specs (specs/lambeth/tests/*.svtest.yaml)"
	$(BIN)/svspec test specs
	@echo "== 6. The framework's own guidance website, built by Zensical this time"
	$(BIN)/svspec docs specs/lambeth/framework.svspec --out out/lambeth-site --html --builder zensical \
		--settings specs/lambeth/site.yaml
	@echo "== 7. Award the waste tender to Acme: the contract, its KPIs and its schedule of returns (DuckDB)"
	$(BIN)/svspec award $(WASTE) specs/lambeth/bids/waste-acme.yaml --marks specs/lambeth/marks/waste-2027.yaml \
		--db $(MONITOR) --out out/delivery/waste-2027-contract.json
	$(BIN)/svspec return-template $(MONITOR) --period 2027-Q2 -o out/delivery/waste-2027-return-2027-Q2.yaml
	@echo "== 8. Import four quarterly returns: one late, one with an error (refused, as shown), then its correction"
	$(BIN)/svspec monitor import --db $(MONITOR) $(RETURNS)/waste-2027-Q2.yaml $(RETURNS)/waste-2027-Q3.yaml
	$(BIN)/svspec monitor import --db $(MONITOR) $(RETURNS)/waste-2027-Q4-error.yaml || echo "(exit status 1: that return is refused, as expected)"
	$(BIN)/svspec monitor import --db $(MONITOR) $(RETURNS)/waste-2027-Q4.yaml $(RETURNS)/waste-2028-Q1.yaml
	@echo "== 9. Committed vs delivered, social value delivered, returns and KPI ratings"
	$(BIN)/svspec monitor report --db $(MONITOR) --as-of 2028-05-15
	$(BIN)/svspec monitor report --db $(MONITOR) --as-of 2028-05-15 --format csv > out/delivery/waste-2027-by-period.csv
	@echo "== 10. Portfolio pages: committed vs delivered over time and by outcome, static SVG charts beside their tables"
	$(BIN)/svspec monitor pages --db $(MONITOR) --as-of 2028-05-15 --out out/delivery/portfolio
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --quiet --strict -f out/delivery/portfolio/mkdocs.yml -d ../portfolio-html
	@echo "== 11. Open data: the award criteria and the contract performance assessment as OCDS 1.1 releases"
	$(BIN)/svspec monitor ocds --db $(MONITOR) --tender $(WASTE) --as-of 2028-05-15 --prefix ocds-abc123 \
		--publisher "London Borough of Lambeth" -o out/delivery/waste-2027-ocds.json
	@echo
	@echo "Outputs:"
	@echo "  out/waste-2027/bid-schema.json            JSON Schema for bids"
	@echo "  out/waste-2027/bid-template.yaml|json|xlsx blank bids for suppliers"
	@echo "  out/waste-2027/scoring.json, scoring.py   portable scoring model and standalone scorer"
	@echo "  out/waste-2027/tender-model.json          the compiled tender: svspec validate out/waste-2027 BID"
	@echo "  out/waste-2027/evaluation-report.md       ranking, explanation, assessment summaries, sensitivity"
	@echo "  out/summaries/waste-2027/                 one assessment summary per bidder to send (.md, .docx)"
	@echo "  out/waste-2027/html/index.html            the guidance website (open it in a browser, or publish html/)"
	@echo "  out/lambeth-site/html/index.html          the framework's website, built by Zensical"
	@echo "  out/delivery/monitor.duckdb                contracts, commitments and returns (svspec monitor)"
	@echo "  out/delivery/waste-2027-by-period.csv      committed vs delivered by period"
	@echo "  out/delivery/portfolio-html/index.html     the portfolio pages (open them in a browser)"
	@echo "  out/delivery/waste-2027-ocds.json          OCDS 1.1 release package (award criteria, KPI ratings)"

test: install
	sh tests/site/install-browser.sh
	sh tools/install-jre.sh
	sh tools/ajv/install.sh
	sh tools/pyodide/install.sh
	sh tools/axe/install.sh
	$(BIN)/svspec test specs
	$(BIN)/python -m pytest

# A wheel to install anywhere (docs/install.md): dist/svspec-VERSION-py3-none-any.whl.
dist: install
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .
	@ls dist/*.whl

ajv:
	sh tools/ajv/install.sh

# Pyodide for the guidance site's in-browser bid check (copied into tender sites when installed).
pyodide:
	sh tools/pyodide/install.sh

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run_all.py

# The long fuzz profile: 100,000 seeded hostile inputs in 2 processes (the short one is in `make test`).
# Failing inputs go to fuzz-failures/ with the command that makes them again. FUZZ_ARGS="--inputs 5000".
fuzz: install
	$(BIN)/python -m tests.fuzz.run --jobs 2 $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) out site dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis fuzz-failures
