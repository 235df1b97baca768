"""Outputs never cost a user a file (issue 8, items 1 and 2).

`svspec build --out` and `svspec docs --out` replace only what svspec wrote before (the folder's
manifest), keep everything else, refuse folders and links that are not theirs, and switch from
the old outputs to the new in one step; every single-file writer is atomic and never writes
through a link to somewhere else.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec import outputs
from svspec.cli import main
from tests.conftest import ROOT, SPECS

LAMBETH = SPECS / "lambeth"
WASTE = LAMBETH / "waste-2027.svspec"
FRAMEWORK = LAMBETH / "framework.svspec"
SVSPEC = Path(sys.executable).parent / "svspec"


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def add_user_files(out: Path) -> dict[str, bytes]:
    """What make demo and people keep in a build folder: a report, built HTML, a git repository."""
    files = {"evaluation-report.md": b"# Evaluation\n", "html/index.html": b"<h1>built</h1>\n",
             ".git/HEAD": b"ref: refs/heads/main\n", "site/notes.md": b"my notes beside the site\n"}
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return files


# ---------------------------------------------------------------- rebuilding keeps the user's files

def test_a_rebuild_keeps_reports_html_and_git_and_replaces_only_svspecs_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    mine = add_user_files(out)
    assert run("build", FRAMEWORK, "--out", out)[0] == 0
    files = tree(out)
    for name, data in mine.items():
        assert files[name] == data, f"{name} was lost"
    assert "scoring.json" not in files, "an output of the previous build was left behind"
    manifest = json.loads(files[".svspec-manifest.json"])
    assert set(manifest["files"]) == set(files) - set(mine) - {".svspec-manifest.json"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "a staging folder was left behind"
    assert not (out / "schemas").exists(), "an emptied folder of svspec's was left behind"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs to make files of another user")
def test_a_rebuild_by_root_keeps_the_owner_of_a_users_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    (out / "html").mkdir()
    (out / "html" / "index.html").write_text("<h1>built</h1>\n", encoding="utf-8")
    os.chown(out / "html", 4242, 4242)
    os.chown(out, 4242, 4242)
    assert run("build", WASTE, "--out", out)[0] == 0
    assert (out / "html").stat().st_uid == 4242 and out.stat().st_uid == 4242


def test_the_manifest_lists_every_output_with_its_hash(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    listed = json.loads((out / ".svspec-manifest.json").read_text(encoding="utf-8"))["files"]
    assert listed["scoring.json"] == "sha256:" + hashlib.sha256((out / "scoring.json").read_bytes()).hexdigest()
    assert "site/mkdocs.yml" in listed


def test_a_rebuild_without_an_atomic_swap_also_keeps_the_users_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    mine = add_user_files(out)
    assert run("build", FRAMEWORK, "--out", out, env={"SVSPEC_NO_ATOMIC_SWAP": "1"})[0] == 0
    files = tree(out)
    assert all(files[name] == data for name, data in mine.items())
    assert "scoring.json" not in files and "site/mkdocs.yml" in files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_docs_keeps_files_a_user_added_to_the_site_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("docs", WASTE, "--out", out)[0] == 0
    (out / "docs" / "extra.md").write_text("# Our own page\n", encoding="utf-8")
    (out / "branding").mkdir()  # svspec writes overrides/ (the theme's policy); this folder is the user's
    (out / "branding" / "logo.svg").write_text("<svg/>\n", encoding="utf-8")
    assert run("docs", FRAMEWORK, "--out", out)[0] == 0
    assert (out / "docs" / "extra.md").read_text(encoding="utf-8") == "# Our own page\n"
    assert (out / "branding" / "logo.svg").is_file()
    assert not (out / "docs" / "scoring.md").exists()


# ---------------------------------------------------------------- folders that are not svspec's

def test_a_folder_of_someone_elses_files_is_refused_with_a_hint_naming_force(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / ".git").mkdir(parents=True)
    (reports / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (reports / "q3.md").write_text("# Q3\n", encoding="utf-8")
    before = tree(reports)
    code, _, err = run("build", WASTE, "--out", reports)
    assert code == 2
    assert "output/folder-not-ours" in err and "--force" in err
    assert tree(reports) == before


def test_force_writes_alongside_someone_elses_files_and_never_deletes_them(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "q3.md").write_text("# Q3\n", encoding="utf-8")
    assert run("build", WASTE, "--out", reports, "--force")[0] == 0
    assert (reports / "q3.md").read_text(encoding="utf-8") == "# Q3\n"
    assert (reports / "scoring.json").is_file()
    assert run("build", WASTE, "--out", reports)[0] == 0, "once adopted, the folder is svspec's to rebuild"
    assert (reports / "q3.md").read_text(encoding="utf-8") == "# Q3\n"


def test_force_never_overwrites_a_file_of_someone_elses_where_an_output_goes(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "scoring.py").write_text("# my own scorer\n", encoding="utf-8")
    code, _, err = run("build", WASTE, "--out", reports, "--force")
    assert code == 2 and "output/file-in-the-way" in err and "scoring.py" in err
    assert (reports / "scoring.py").read_text(encoding="utf-8") == "# my own scorer\n"


def test_an_output_edited_since_the_build_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    (out / "scoring.py").write_text("# tuned by hand\n", encoding="utf-8")
    code, _, err = run("build", WASTE, "--out", out)
    assert code == 2 and "output/file-changed" in err
    assert (out / "scoring.py").read_text(encoding="utf-8") == "# tuned by hand\n"


def test_the_folder_holding_the_spec_bids_and_marks_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(LAMBETH, project)
    shutil.copy(SPECS / "svspec.toml", project / "svspec.toml")
    before = tree(project)
    for out in (project, tmp_path, project / "bids" / ".."):
        code, _, err = run("build", project / "waste-2027.svspec", "--out", out, "--force")
        assert code == 2 and "output/holds-the-spec" in err, out
        code, _, err = run("docs", project / "framework.svspec", "--out", out, "--force")
        assert code == 2 and "output/holds-the-spec" in err, out
    assert tree(project) == before
    assert run("build", project / "waste-2027.svspec", "--out", project / "out")[0] == 0


def test_an_out_folder_that_is_a_symbolic_link_is_never_followed(tmp_path: Path) -> None:
    target = tmp_path / "precious"
    target.mkdir()
    (target / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    link = tmp_path / "out"
    link.symlink_to(target, target_is_directory=True)
    for command, spec in (("build", WASTE), ("docs", FRAMEWORK)):
        code, _, err = run(command, spec, "--out", link, "--force")
        assert code == 2 and "output/is-a-link" in err and str(target) in err
    assert tree(target) == {"thesis.tex": b"years of work\n"}
    assert link.is_symlink()


def test_a_link_where_an_output_folder_goes_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(out / "schemas")
    (out / "schemas").symlink_to(elsewhere, target_is_directory=True)
    for env in ({}, {"SVSPEC_NO_ATOMIC_SWAP": "1"}):
        code, _, err = run("build", WASTE, "--out", out, env=env)
        assert code == 2 and "output/file-in-the-way" in err
    assert list(elsewhere.iterdir()) == []


def test_an_output_folder_that_is_a_file_is_refused() -> None:
    with pytest.raises(outputs.OutputRefused) as refused:
        outputs.OutputFolder(WASTE, command="build")
    assert refused.value.diagnostic.code == "output/not-a-folder"


def test_a_manifest_naming_files_outside_the_folder_is_not_trusted(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    digest = outputs.digest(victim.read_bytes())
    (out / ".svspec-manifest.json").write_text(outputs.manifest_text({"../victim.txt": digest}, "build"),
                                               encoding="utf-8")
    assert outputs.read_manifest(out) is None
    for force in ((), ("--force",)):
        code, _, err = run("build", WASTE, "--out", out, *force)
        assert code == 2 and "output/folder-not-ours" in err
    assert victim.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs to make a folder of another user")
def test_a_lookalike_staging_folder_of_another_user_is_left_alone(tmp_path: Path) -> None:
    planted = tmp_path / ".out.building-planted"
    (planted / "site").mkdir(parents=True)
    (planted / outputs.STAGING_MARK).touch()
    (planted / "site" / "evil.js").write_text("alert(1)\n", encoding="utf-8")
    os.chown(planted, 4242, 4242)
    assert run("build", WASTE, "--out", tmp_path / "out")[0] == 0
    assert (planted / "site" / "evil.js").is_file()
    assert not (tmp_path / "out" / "site" / "evil.js").exists()


# ---------------------------------------------------------------- what killed builds leave behind

def test_staging_left_by_a_killed_build_is_cleaned_up_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    stale = tmp_path / ".out.building-k1ll3d"
    (stale / "site").mkdir(parents=True)
    (stale / outputs.STAGING_MARK).touch()
    (stale / "site" / "mkdocs.yml").write_text("half", encoding="utf-8")
    lookalike = tmp_path / ".out.building-mine"
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("not svspec's\n", encoding="utf-8")
    other = tmp_path / ".other.building-x"
    other.mkdir()
    (other / outputs.STAGING_MARK).touch()
    assert run("build", WASTE, "--out", out)[0] == 0
    assert not stale.exists()
    assert (lookalike / "notes.txt").read_text(encoding="utf-8") == "not svspec's\n"
    assert other.exists()


def test_a_file_saved_into_the_folder_during_the_swap_is_moved_into_the_new_outputs(tmp_path: Path) -> None:
    live = tmp_path / "out"
    live.mkdir()
    (live / "kept.md").write_text("kept\n", encoding="utf-8")
    old = tmp_path / ".out.building-old"
    old.mkdir()
    (old / "scoring.json").write_text("{}", encoding="utf-8")
    (old / ".svspec-manifest.json").write_text(outputs.manifest_text({"scoring.json": "sha256:0"}, "build"),
                                               encoding="utf-8")
    os.link(live / "kept.md", old / "kept.md")
    (old / "late").mkdir()
    (old / "late" / "saved-during-build.md").write_text("late\n", encoding="utf-8")
    (old / "empty-folder-made-meanwhile").mkdir()
    (live / "notes.md").write_text("as linked\n", encoding="utf-8")
    (old / "notes.md").write_text("saved by an editor during the build\n", encoding="utf-8")
    os.utime(live / "notes.md", (1_000_000_000, 1_000_000_000))
    outputs.retire(old, live)
    assert (live / "notes.md").read_text(encoding="utf-8") == "saved by an editor during the build\n"
    assert not old.exists()
    assert (live / "empty-folder-made-meanwhile").is_dir()
    assert (live / "late" / "saved-during-build.md").read_text(encoding="utf-8") == "late\n"
    assert (live / "kept.md").read_text(encoding="utf-8") == "kept\n"


def _svspec_files(folder: Path, mine: dict[str, bytes]) -> dict[str, bytes]:
    files = tree(folder)
    for name, data in mine.items():
        assert files.pop(name) == data, f"{name} was lost or changed"
    return files


SPEC_OF = {"tender": WASTE, "framework": FRAMEWORK}


Setup = tuple[Path, dict[str, bytes], dict[str, dict[str, bytes]], dict[str, float]]


def _kill_setup(tmp_path: Path, env: dict[str, str], objects: int) -> Setup:
    """A build folder with user files (a big .git), the outputs of both specs, and build durations."""
    references = {}
    for name, spec in SPEC_OF.items():
        assert run("build", spec, "--out", tmp_path / name)[0] == 0
        references[name] = tree(tmp_path / name)
    out = tmp_path / "work" / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    mine = add_user_files(out)
    (out / ".git" / "objects").mkdir()
    for i in range(objects):  # a big .git makes the swap long enough for kills to land inside it
        (out / ".git" / "objects" / f"{i:04}").write_bytes(b"object %d\n" % i)
        mine[f".git/objects/{i:04}"] = b"object %d\n" % i
    duration = {}  # only to spread the kills over a build, never asserted
    for name in ("framework", "tender", "framework"):
        started = time.monotonic()
        subprocess.run([SVSPEC, "build", SPEC_OF[name], "--out", out], check=True, capture_output=True, timeout=120,
                       env={**os.environ, **env})
        duration[name] = time.monotonic() - started
    return out, mine, references, duration


def _build_and_kill(out: Path, target: str, delay: float, env: dict[str, str]) -> None:
    process = subprocess.Popen([SVSPEC, "build", SPEC_OF[target], "--out", out], env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=20)


def test_a_build_killed_at_random_moments_leaves_wholly_the_old_or_wholly_the_new_outputs(tmp_path: Path) -> None:
    """20 SIGKILLs at seeded random moments, alternating two specs; user files survive every one."""
    out, mine, references, duration = _kill_setup(tmp_path, {}, objects=1000)
    state = "framework"
    rng = random.Random(8)
    for _ in range(20):
        target = "tender" if state == "framework" else "framework"
        _build_and_kill(out, target, rng.uniform(0.5, 1.3) * duration[target], {})
        files = _svspec_files(out, mine)
        matches = [name for name, reference in references.items() if files == reference]
        assert matches, f"after a kill the folder holds a mix: {sorted(files)}"
        state = matches[0]
    assert run("build", WASTE, "--out", out)[0] == 0
    assert _svspec_files(out, mine) == references["tender"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"], "stale staging folders were left behind"


def test_a_build_killed_without_an_atomic_swap_leaves_whole_files_that_the_next_build_replaces(tmp_path: Path) -> None:
    """The documented fallback: every file whole (old or new), all listed in the manifest, repaired next time."""
    env = {"SVSPEC_NO_ATOMIC_SWAP": "1"}
    out, mine, references, duration = _kill_setup(tmp_path, env, objects=100)
    rng = random.Random(9)
    for kill in range(8):
        target = "tender" if kill % 2 == 0 else "framework"
        _build_and_kill(out, target, rng.uniform(0.5, 1.3) * duration[target], env)
        files = _svspec_files(out, mine)
        manifest = json.loads(files.pop(".svspec-manifest.json"))
        listed = set(manifest["files"]) | set(manifest.get("replacing", {}))
        assert set(files) <= listed, "an output the manifest does not list"
        for name, data in files.items():
            versions = (references["tender"].get(name), references["framework"].get(name))
            assert data in versions, f"{name} is half-written"
    assert run("build", WASTE, "--out", out, env=env)[0] == 0
    assert _svspec_files(out, mine) == references["tender"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"], "stale staging folders were left behind"


def test_a_fallback_swap_cut_short_is_finished_by_the_next_build(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import svspec
    from svspec.emit.build import build

    monkeypatch.setenv("SVSPEC_NO_ATOMIC_SWAP", "1")
    assert run("build", FRAMEWORK, "--out", tmp_path / "reference")[0] == 0
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    real_replace, calls = os.replace, []

    def power_cut_after_three_files(source: str, target: str) -> None:
        if Path(target).is_relative_to(out):
            calls.append(target)
            if len(calls) > 4:  # the manifest first, then three outputs
                raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", power_cut_after_three_files)
    with pytest.raises(OSError):
        build(svspec.load(FRAMEWORK).model, out)  # type: ignore[arg-type]
    monkeypatch.setattr(os, "replace", real_replace)
    assert len(calls) == 5
    assert run("build", FRAMEWORK, "--out", out)[0] == 0
    assert tree(out) == tree(tmp_path / "reference")


# ---------------------------------------------------------------- make demo, twice

@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_demo_runs_twice_and_the_build_keeps_its_report_and_html(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    bin_folder = Path(sys.executable).parent
    demo = ["make", "--no-print-directory", "-o", "install", "-o", ".venv/.installed-stamp", "demo",
            f"BIN={bin_folder}"]
    first = subprocess.run(demo, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    built = tmp_path / "out" / "waste-2027"
    report = (built / "evaluation-report.md").read_bytes()
    html = tree(built / "html")
    again = subprocess.run([SVSPEC, "build", "specs/lambeth/waste-2027.svspec", "--out", "out/waste-2027"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    assert (built / "evaluation-report.md").read_bytes() == report
    assert tree(built / "html") == html
    second = subprocess.run(demo, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (built / "html" / "index.html").is_file() and (built / "evaluation-report.md").is_file()


# ---------------------------------------------------------------- single files

def test_schema_and_template_refuse_to_write_through_a_link_to_somewhere_else(tmp_path: Path) -> None:
    precious = tmp_path / "elsewhere" / "precious.txt"
    precious.parent.mkdir()
    precious.write_text("keep me\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "schema.json"
    link.symlink_to(precious)
    code, _, err = run("schema", WASTE, "-o", link)
    assert code == 2 and "output/link-leaves-folder" in err
    code, _, err = run("template", WASTE, "--format", "xlsx", "-o", link)
    assert code == 2 and "output/link-leaves-folder" in err
    assert precious.read_text(encoding="utf-8") == "keep me\n" and link.is_symlink()


def test_a_folder_given_as_an_output_file_is_refused(tmp_path: Path) -> None:
    code, _, err = run("schema", WASTE, "-o", tmp_path)
    assert code == 2 and "output/not-a-file" in err


def test_fmt_refuses_a_spec_linked_to_a_file_outside_its_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside.svspec"
    outside.write_text('framework   f "F"\n    version 1\n', encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "svspec.toml").write_text("", encoding="utf-8")
    (project / "x.svspec").symlink_to(outside)
    result = CliRunner().invoke(main, ["fmt", str(project / "x.svspec")])
    assert result.exit_code == 1 and "output/link-leaves-folder" in result.output
    assert outside.read_text(encoding="utf-8") == 'framework   f "F"\n    version 1\n'


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "scoring.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)

    def full_disk(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", full_disk)
        with pytest.raises(OSError):
            outputs.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["scoring.json"]
    outputs.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and target.stat().st_mode & 0o777 == 0o640


def test_a_temporary_file_left_by_a_killed_write_is_removed_by_the_next_write_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "bid-schema.json"
    (tmp_path / ".bid-schema.json.0badf00d.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".bid-schema.json.notours.tmp").write_text("mine", encoding="utf-8")
    (tmp_path / ".scoring.json.0badf00d.tmp").write_text("another file's", encoding="utf-8")
    outputs.write_text(target, "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".bid-schema.json.notours.tmp",
                                                          ".scoring.json.0badf00d.tmp", "bid-schema.json"]


def test_a_folder_the_system_will_not_create_is_reported_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    for args in (("build", WASTE, "--out", blocker / "out"), ("docs", FRAMEWORK, "--out", blocker / "site"),
                 ("schema", WASTE, "-o", blocker / "schema.json")):
        code, _, err = run(*args)
        assert code == 2 and "output/cannot-write" in err, args
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"


def test_a_folder_an_older_svspec_wrote_without_a_manifest_is_refused_with_a_hint_saying_so(tmp_path: Path) -> None:
    old = tmp_path / "out"
    (old / "site").mkdir(parents=True)
    (old / "site" / "mkdocs.yml").write_text("# Generated by svspec from waste-2027\nsite_name: x\n",
                                             encoding="utf-8")
    (old / "evaluation-report.md").write_text("# mine\n", encoding="utf-8")
    code, _, err = run("build", WASTE, "--out", old)
    assert code == 2 and "output/folder-not-ours" in err and "older svspec" in err
    assert (old / "evaluation-report.md").read_text(encoding="utf-8") == "# mine\n"


def test_the_site_inside_a_build_folder_is_not_rewritten_by_svspec_docs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", WASTE, "--out", out)[0] == 0
    before = tree(out)
    code, _, err = run("docs", WASTE, "--out", out / "site")
    assert code == 2 and "output/folder-not-ours" in err and "part of the outputs" in err
    assert tree(out) == before
