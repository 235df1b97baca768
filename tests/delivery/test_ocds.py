"""OCDS 1.1 export: the contract performance assessment and the award criteria, checked with the OCDS tooling
a publisher uses (libcoveocds, as the OCDS Data Review Tool runs it) and the OCDS schema, all read from the
copies svspec ships (tests have no internet: the extensions are served from 127.0.0.1)."""

from __future__ import annotations

import copy
import functools
import http.server
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from svspec.cli import main
from svspec.delivery import ocds
from svspec.delivery.store import Database
from tests.delivery.conftest import WASTE, waste_tender
from tests.delivery.test_report import AS_OF, built, monitored  # noqa: F401  (a fixture)

SCHEMA = Path(str(resources.files("svspec.delivery").joinpath("ocds_schema")))
PUBLISHED = datetime(2028, 5, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def exported(monitored: Path) -> dict[str, Any]:  # noqa: F811
    with Database(monitored) as db:
        return ocds.package(built(monitored), db.contracts(), [waste_tender()], prefix="ocds-abc123",
                            publisher="London Borough of Lambeth", published=PUBLISHED)


@pytest.fixture(scope="module")
def served_schema() -> Iterator[str]:
    """The vendored extensions on a local web server, where libcoveocds fetches them as from their URLs."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SCHEMA)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def cove(data: dict[str, Any], base: str, tmp_path: Path) -> dict[str, Any]:
    """libcoveocds's review of a release package, the standard and its extensions read locally."""
    api = pytest.importorskip("libcoveocds.api", reason="libcoveocds is not installed (pip install -e '.[dev]')")
    from libcoveocds.config import LibCoveOCDSConfig

    standard = io.BytesIO()
    with zipfile.ZipFile(standard, "w") as archive:
        archive.writestr("standard/", "")
        for path in sorted((SCHEMA / "standard").rglob("*")):
            if path.is_file():
                archive.write(path, "standard/" + path.relative_to(SCHEMA / "standard").as_posix())
    local = copy.deepcopy(data)
    by_url = {url: name for name, url in ocds.EXTENSIONS.items()}
    local["extensions"] = [f"{base}/extensions/{by_url[url]}/extension.json" for url in data["extensions"]]
    config = LibCoveOCDSConfig({"standard_zip": standard.getvalue(), "context": "api"})
    result: dict[str, Any] = api.ocds_json_output(str(tmp_path), json_data=local, lib_cove_ocds_config=config,
                                                  schema_version="1.1")
    return result


def test_the_ocds_export_passes_the_ocds_data_review_with_the_uk_extensions(
        exported: dict[str, Any], served_schema: str, tmp_path: Path) -> None:
    result = cove(exported, served_schema, tmp_path)
    assert result["extensions"]["invalid_extension"] == {} and result["extensions"]["is_extended_schema"]
    assert result["validation_errors"] == []
    assert result["additional_fields"] == []  # every field is defined by OCDS 1.1 or one of the extensions
    assert result["additional_closed_codelist_values"] == {} and result["additional_open_codelist_values"] == {}
    assert result["version_used"] == "1.1" and result["count"] == 2


def test_the_review_reports_what_is_not_ocds_so_it_can_fail(exported: dict[str, Any], served_schema: str,
                                                            tmp_path: Path) -> None:
    broken = copy.deepcopy(exported)
    contract = broken["releases"][1]["contracts"][0]
    contract["implementation"]["metrics"][0]["observations"][0]["measure"] = {"figure": 12}
    contract["implementation"]["kpiRatings"] = ["Good"]
    result = cove(broken, served_schema, tmp_path)
    errors = json.dumps(result["validation_errors"], default=str)
    assert result["validation_errors"] and "observations/0/measure" in errors
    assert "kpiRatings" in json.dumps(result["additional_fields"], default=str)


def test_the_schema_check_svspec_runs_before_writing_refuses_invalid_releases(exported: dict[str, Any]) -> None:
    assert ocds.validate(exported) == []
    broken = copy.deepcopy(exported)
    broken["releases"][0]["tender"]["lots"][0]["awardCriteria"]["criteria"][0]["numbers"][0]["number"] = "sixty"
    del broken["publisher"]
    problems = ocds.validate(broken)
    assert any("numbers/0/number" in p for p in problems) and any("publisher" in p for p in problems)


def test_the_award_criteria_are_the_tenders_with_their_weights(exported: dict[str, Any]) -> None:
    tender = exported["releases"][0]
    assert tender["tag"] == ["tender"] and tender["ocid"] == "ocds-abc123-waste-2027"
    criteria = tender["tender"]["lots"][0]["awardCriteria"]["criteria"]
    assert [(c["type"], c["name"], c["numbers"][0]["number"]) for c in criteria] == [
        ("price", "Price", 60), ("quality", "Quality", 30), ("quality", "Social value", 10)]
    assert "LBL1 Local residents employed on the contract (40% of social value)" in criteria[2]["description"]


def test_the_performance_release_carries_each_kpi_rating_and_the_contracts(exported: dict[str, Any],
                                                                           monitored: Path) -> None:  # noqa: F811
    release = exported["releases"][1]
    assert release["tag"] == ["implementation"] and release["date"] == "2028-05-16T09:00:00Z"
    metrics = {m["id"]: m for m in release["contracts"][0]["implementation"]["metrics"]}
    report = built(monitored)
    for k in report.kpis:
        observations = {o["id"]: o for o in metrics[k["measure"]]["observations"]}
        assert observations["rating"]["measure"] == k["rating"] and observations["rating"]["notes"] == k["reason"]
        assert observations["delivered"]["measure"] == pytest.approx(float(k["delivered"]))
    assert metrics["contract-rating"]["observations"][0]["measure"] == report.contracts[0]["rating"]
    assert release["awards"][0]["suppliers"][0]["name"] == "Acme Services Ltd"


def test_monitor_ocds_writes_the_package_and_refuses_a_prefix_that_is_not_one(monitored: Path,  # noqa: F811
                                                                              tmp_path: Path) -> None:
    out = tmp_path / "ocds.json"
    args = ["monitor", "ocds", "--db", str(monitored), "--tender", str(WASTE), "--as-of", AS_OF.isoformat(),
            "--publisher", "London Borough of Lambeth", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--prefix", "ocds-abc123"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["version"] == "1.1" and len(data["releases"]) == 2 and ocds.validate(data) == []
    refused = CliRunner().invoke(main, [*args, "--prefix", "OCDS-../x"])
    assert refused.exit_code == 2 and "ocid prefix" in refused.output
