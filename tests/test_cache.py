"""The user's cache: where it lives, how it is turned off, and that a bad entry is never trusted."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import procure.model.packs as packs_module
from procure.model import packcache
from procure.model.packs import load_folders, load_library
from procure.render.templating import environment
from procure.support import cache
from procure.support.bundled import bundled

from .conftest import ROOT

GOOD_PACK = ROOT / "tests" / "data" / "good-packs" / "org-security-baseline.yaml"
KEY = "ab" * 32
OTHER_KEY = "cd" * 32


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own, and no pack parsed earlier in the process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROCURE_CACHE_DIR", str(folder))
    monkeypatch.delenv("PROCURE_NO_CACHE", raising=False)
    monkeypatch.setattr(packs_module, "_PARSED", {})
    yield folder


@pytest.fixture
def own_packs(tmp_path: Path) -> Path:
    """The bundled registry and one organisation pack, in a folder the test may change."""
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(bundled("requirement_packs") / "authorities.yaml", folder)
    shutil.copy(GOOD_PACK, folder)
    return folder


def pack_entries(folder: Path) -> list[Path]:
    return sorted((folder / "packs").glob("*.bin"))


def forget_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start over as a new process would: nothing parsed in memory."""
    monkeypatch.setattr(packs_module, "_PARSED", {})


def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file the packs loader parses (instead of taking it from the cache)."""
    parsed: list[str] = []
    real = packs_module.parse_document

    def parse_and_record(text: str, source: str, what: str) -> object:
        parsed.append(Path(source).name)
        return real(text, source, what)

    monkeypatch.setattr(packs_module, "parse_document", parse_and_record)
    return parsed


# The folder, by platform convention


@pytest.mark.parametrize(("platform", "environ", "expected"), [
    ("linux", {}, "/home/ana/.cache/procure"),
    ("linux", {"XDG_CACHE_HOME": "/var/cache/ana"}, "/var/cache/ana/procure"),
    ("linux", {"XDG_CACHE_HOME": "relative/cache"}, "/home/ana/.cache/procure"),
    ("freebsd14", {}, "/home/ana/.cache/procure"),
    ("darwin", {"XDG_CACHE_HOME": "/ignored"}, "/home/ana/Library/Caches/procure"),
    ("win32", {"LOCALAPPDATA": "C:/Users/ana/AppData/Local"},
     "C:/Users/ana/AppData/Local/procure/Cache"),
    ("win32", {}, "/home/ana/AppData/Local/procure/Cache"),
])
def test_the_cache_folder_follows_the_platform_convention(
        platform: str, environ: dict[str, str], expected: str) -> None:
    found = cache.platform_cache_root(platform, environ, home=Path("/home/ana"))
    assert found == Path(expected)


def test_an_environment_variable_moves_the_cache_and_another_turns_it_off(
        tmp_path: Path) -> None:
    assert cache.cache_root({"PROCURE_CACHE_DIR": str(tmp_path)}) == tmp_path
    for word in ("1", "true", "YES", "on"):
        assert cache.cache_root({"PROCURE_CACHE_DIR": str(tmp_path),
                                 "PROCURE_NO_CACHE": word}) is None
    assert cache.cache_root({"PROCURE_CACHE_DIR": str(tmp_path), "PROCURE_NO_CACHE": "0"}) \
        == tmp_path
    with cache.cache_disabled():
        assert cache.cache_root({"PROCURE_CACHE_DIR": str(tmp_path)}) is None
    assert cache.cache_root({"PROCURE_CACHE_DIR": str(tmp_path)}) == tmp_path


# Entries: whole, for this key, or ignored


def test_an_entry_reads_back_as_written_in_a_private_folder(cache_dir: Path) -> None:
    assert cache.write_entry("packs", KEY, b"payload")
    assert cache.read_entry("packs", KEY) == b"payload"
    assert cache.read_entry("packs", OTHER_KEY) is None
    assert [path.name for path in (cache_dir / "packs").iterdir()] == [f"{KEY}.bin"]
    assert (cache_dir.stat().st_mode & 0o777) == 0o700
    assert ((cache_dir / "packs").stat().st_mode & 0o777) == 0o700


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "empty", "other format",
                                    "made for another key"])
def test_a_damaged_or_foreign_entry_is_ignored(cache_dir: Path, damage: str) -> None:
    cache.write_entry("packs", KEY, b"the payload of this entry")
    path = cache_dir / "packs" / f"{KEY}.bin"
    raw = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(raw[:-5])
    elif damage == "flipped byte":
        path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "other format":
        path.write_bytes(b"j2\x80\x02K\x05.garbage")
    else:
        cache.write_entry("packs", OTHER_KEY, b"the payload of this entry")
        (cache_dir / "packs" / f"{OTHER_KEY}.bin").replace(path)
    assert cache.read_entry("packs", KEY) is None


def test_an_unreadable_entry_is_ignored(cache_dir: Path) -> None:
    (cache_dir / "packs" / f"{KEY}.bin").mkdir(parents=True)
    assert cache.read_entry("packs", KEY) is None
    assert cache.write_entry("packs", KEY, b"x") is False


def test_an_unwritable_cache_is_skipped_without_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PROCURE_CACHE_DIR", str(blocker / "cache"))
    assert cache.write_entry("packs", KEY, b"x") is False
    assert cache.read_entry("packs", KEY) is None


def test_a_key_that_could_leave_the_folder_is_refused(cache_dir: Path) -> None:
    with pytest.raises(ValueError, match="malformed"):
        cache.read_entry("packs", "../../etc/passwd")
    with pytest.raises(ValueError, match="malformed"):
        cache.write_entry("../packs", KEY, b"x")


def test_writes_leave_no_temporary_file_and_old_leftovers_are_pruned(cache_dir: Path) -> None:
    folder = cache_dir / "packs"
    folder.mkdir(parents=True)
    abandoned = folder / ".tmp-dead-writer.bin"
    abandoned.write_bytes(b"half an ent")
    unused = folder / f"{OTHER_KEY}.bin"
    unused.write_bytes(b"an entry nobody used for months")
    recent = folder / f"{'ef' * 32}.bin"
    recent.write_bytes(b"an entry used yesterday")
    long_ago = time.time() - cache.UNUSED_FOR - 60
    os.utime(abandoned, (long_ago, long_ago))
    os.utime(unused, (long_ago, long_ago))
    os.utime(recent, (time.time() - 86400, time.time() - 86400))
    assert cache.read_entry("packs", "ab" * 8) is None  # a temporary file is never an entry
    cache.write_entry("packs", KEY, b"x")
    assert sorted(path.name for path in folder.iterdir()) == sorted([f"{KEY}.bin", recent.name])


def test_reading_an_entry_keeps_it_from_being_pruned(cache_dir: Path) -> None:
    cache.write_entry("packs", KEY, b"x")
    path = cache_dir / "packs" / f"{KEY}.bin"
    two_days_ago = time.time() - 2 * 86400
    os.utime(path, (two_days_ago, two_days_ago))
    assert cache.read_entry("packs", KEY) == b"x"
    assert path.stat().st_mtime > time.time() - 60


# Packs: parsed once, validated every time, never a wrong answer


def test_the_second_load_takes_every_file_from_the_cache(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = refuse_parsing(monkeypatch)
    first = load_library()
    files = 1 + len(first.packs)
    assert len(parsed) == files
    assert len(pack_entries(cache_dir)) == files
    forget_parsed(monkeypatch)
    parsed.clear()
    second = load_library()
    assert parsed == []
    assert second == first


def test_a_changed_file_is_parsed_again(
        cache_dir: Path, own_packs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = refuse_parsing(monkeypatch)
    load_folders([own_packs])
    pack = own_packs / GOOD_PACK.name
    pack.write_text(pack.read_text().replace("Example organisation security baseline",
                                             "Our security baseline"))
    forget_parsed(monkeypatch)
    parsed.clear()
    library = load_folders([own_packs])
    assert parsed == [GOOD_PACK.name]
    assert library.packs[0].pack.title == "Our security baseline"


def test_a_new_procure_version_or_model_code_makes_a_new_key(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = packcache.entry_key("pack", "0" * 64)
    monkeypatch.setattr(packcache, "__version__", "99.0.0")
    after_version = packcache.entry_key("pack", "0" * 64)
    monkeypatch.setattr(packcache, "code_fingerprint", lambda: "changed model code")
    after_code = packcache.entry_key("pack", "0" * 64)
    assert len({before, after_version, after_code}) == 3
    assert packcache.entry_key("registry", "0" * 64) != before


def test_the_fingerprint_covers_the_model_and_reading_code() -> None:
    packcache.code_fingerprint.cache_clear()
    first = packcache.code_fingerprint()
    packcache.code_fingerprint.cache_clear()
    assert first is not None and first == packcache.code_fingerprint()
    names = {path.name for path in (ROOT / "procure" / "model").glob("*.py")}
    assert {"packs.py", "registry.py", "conditions.py"} <= names


@pytest.mark.parametrize("damage", ["garbage", "code", "invalid pack", "other file's data"])
def test_a_bad_entry_is_rebuilt_from_the_file(
        cache_dir: Path, own_packs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        damage: str) -> None:
    fresh = load_folders([own_packs])
    key = packcache.entry_key("pack", fresh.packs[0].sha256)
    assert key is not None
    marker = tmp_path / "code-ran"
    payload = {
        "garbage": b"\x80\x05not a pickle at all",
        "code": pickle.dumps(_Exploit(marker)),
        "invalid pack": pickle.dumps({"schema": "procure/pack@1", "id": "Not An Id"}),
        "other file's data": pickle.dumps({"schema": "procure/registry@1", "authorities": []}),
    }[damage]
    assert cache.write_entry("packs", key, payload)
    forget_parsed(monkeypatch)
    parsed = refuse_parsing(monkeypatch)
    assert load_folders([own_packs]) == fresh
    assert parsed == [GOOD_PACK.name]
    assert not marker.exists()
    assert cache.read_entry("packs", key) != payload  # rewritten from the file


class _Exploit:
    """A pickle that would create a file when loaded by an unrestricted unpickler."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_an_invalid_file_gives_its_own_error_and_is_not_stored(
        cache_dir: Path, own_packs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from procure.errors import PackError

    pack = own_packs / GOOD_PACK.name
    pack.write_text(pack.read_text().replace("id: org-security-baseline", "id: Org Baseline"))
    for _ in range(2):
        forget_parsed(monkeypatch)
        with pytest.raises(PackError, match=r"org-security-baseline\.yaml: id: String should "):
            load_folders([own_packs])
    assert len(pack_entries(cache_dir)) == 1  # the registry's; never the invalid pack's


def test_no_cache_is_read_or_written_when_it_is_off(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = refuse_parsing(monkeypatch)
    with cache.cache_disabled():
        load_library()
    assert not cache_dir.exists()
    load_library()
    forget_parsed(monkeypatch)
    parsed.clear()
    monkeypatch.setenv("PROCURE_NO_CACHE", "1")
    load_library()
    assert parsed  # parsed afresh although entries exist


def test_the_no_cache_option_of_the_commands(
        run_cli, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("generate", "--example", "enterprise-sdwan", "--out", str(tmp_path / "a"),
                     "--as-of", "2026-11-22", "--no-cache")
    assert result.code == 0
    assert not cache_dir.exists()
    for args in (["packs", "list"], ["packs", "show", "pqc"], ["packs", "lint"],
                 ["explain", str(ROOT / "examples" / "enterprise-sdwan.yaml"), "PQC-001"]):
        assert run_cli(*args, "--no-cache").code == 0, args
        assert not cache_dir.exists()
    assert cache.cache_root() is not None  # the option lasts for its command only
    forget_parsed(monkeypatch)
    assert run_cli("generate", "--example", "enterprise-sdwan", "--out", str(tmp_path / "b"),
                   "--as-of", "2026-11-22").code == 0
    assert pack_entries(cache_dir)
    assert (tmp_path / "a" / "checklist.md").read_bytes() == \
        (tmp_path / "b" / "checklist.md").read_bytes()


# Compiled templates


def test_compiled_templates_are_cached_and_a_damaged_entry_recompiled(
        cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.md.j2").write_text("{{ name | md }} has {{ n | thousands }} items\n")
    first = environment(folder).get_template("t.md.j2")
    entries = sorted((cache_dir / "templates").glob("*.bin"))
    assert len(entries) == 1
    for damage in (b"", entries[0].read_bytes()[:-3]):
        entries[0].write_bytes(damage)
        environment.cache_clear()
        again = environment(folder).get_template("t.md.j2")
        assert again.render(name="*A*", n=1234) == first.render(name="*A*", n=1234) \
            == "\\*A\\* has 1,234 items\n"
    (folder / "t.md.j2").write_text("{{ name }} changed\n")
    environment.cache_clear()
    assert environment(folder).get_template("t.md.j2").render(name="x") == "x changed\n"
    assert len(list((cache_dir / "templates").glob("*.bin"))) == 2
    environment.cache_clear()


def test_without_readable_sources_nothing_is_cached(
        cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bytecode-only installation cannot fingerprint its code: it runs without the cache."""
    from procure.render import templating

    monkeypatch.setattr(packcache, "code_fingerprint", lambda: None)
    monkeypatch.setattr(templating, "_code_fingerprint", lambda: None)
    assert load_library().packs
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.md.j2").write_text("{{ 1 + 1 }}\n")
    assert environment(folder).get_template("t.md.j2").render() == "2\n"
    environment.cache_clear()
    assert not cache_dir.exists()
