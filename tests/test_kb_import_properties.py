"""Property-based (Hypothesis): any mutation of a valid salary_figures import is either
rejected with a message and nothing changed, or applied exactly – the reported changes are the
difference, rows not in the file stay as they were, the file and the database agree, and
importing the same file again changes nothing."""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from bot.kb.build import build
from bot.kb.commit import COLUMNS, CSV_FILE
from bot.kb.history import CHANGE_LOG
from bot.kb.loader import SourceFileError
from bot.kb.maintenance import current_rows, export, import_file, read_import_file
from bot.kb.validate import ValidationFailed

VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "850", " 900 ", "850,5", "1.200", "1e9", "NaN", "9" * 25, "kfd", "omm",
                     "entry", "apprenticeship", "experienced", "month", "year", "seed_kfd", "2024", "1", "4", "51"]),
    st.integers(-10**7, 10**7).map(str),
    st.text(max_size=12),
)
MUTATION = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 200), st.integers(0, len(COLUMNS) - 1), VALUES),
    st.tuples(st.just("drop_column"), st.integers(0, len(COLUMNS) - 1)),
    st.tuples(st.just("duplicate_row"), st.integers(0, 200)),
    st.tuples(st.just("delete_row"), st.integers(0, 200)),
    st.tuples(st.just("new_row"), st.integers(0, 200), st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)),
    st.tuples(st.just("garbage"), st.integers(0, 10_000), st.text(min_size=1, max_size=8)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000)),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kb-template")
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "kb", root / "sources")
    build(root / "sources", root / "kb.sqlite")
    return root


# A private-use character stands for NUL while the mutated table is written: the csv module cannot write NUL, the
# importer must still meet it.
_NUL_MARK = "\ue000"


def mutate(text: str, mutations: list[tuple]) -> str:
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, rows = table[0], table[1:]
    raw_edits = []
    for kind, *args in mutations:
        if kind == "cell" and rows:
            rows[args[0] % len(rows)][args[1] % len(header)] = args[2].replace("\x00", _NUL_MARK)
        elif kind == "drop_column" and len(header) > 1:
            col = args[0] % len(header)
            header = header[:col] + header[col + 1:]
            rows = [r[:col] + r[col + 1:] for r in rows]
        elif kind == "duplicate_row" and rows:
            rows.append(list(rows[args[0] % len(rows)]))
        elif kind == "delete_row" and len(rows) > 1:
            del rows[args[0] % len(rows)]
        elif kind == "new_row" and rows:
            rows.append([args[1]] + list(rows[args[0] % len(rows)][1:]))
        else:
            raw_edits.append((kind, *args))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows([header, *rows])
    out = buffer.getvalue().replace(_NUL_MARK, "\x00")
    for kind, *args in raw_edits:
        if kind == "garbage":
            at = args[0] % (len(out) + 1)
            out = out[:at] + args[1] + out[at:]
        elif kind == "truncate":
            out = out[:args[0] % (len(out) + 1)]
    return out


def snapshot(db: Path, sources: Path) -> tuple[dict, int, str]:
    with closing(sqlite3.connect(db)) as conn:
        logged = conn.execute(f"SELECT COUNT(*) FROM {CHANGE_LOG}").fetchone()[0]
    return current_rows(db), logged, hashlib.sha256((sources / CSV_FILE).read_bytes()).hexdigest()


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
@example(mutations=[("cell", 0, 0, "\x00")])  # a NUL in a cell, which the table writer once failed on
def test_a_mutated_import_is_rejected_unchanged_or_applied_exactly(template: Path, mutations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(template / "sources", work / "sources")
        shutil.copy(template / "kb.sqlite", work / "kb.sqlite")
        db, sources = work / "kb.sqlite", work / "sources"
        path = work / "import.csv"
        path.write_text(mutate(export(db, "salary_figures", "csv"), mutations), encoding="utf-8")
        before_rows, before_logged, before_csv = before = snapshot(db, sources)
        try:
            result = import_file(db, sources, path, False, "hypothesis")
        except ValidationFailed as exc:
            event("abgelehnt")
            assert exc.problems and all(str(p).strip() for p in exc.problems)
            assert snapshot(db, sources) == before
            return
        except SourceFileError as exc:
            event("abgelehnt (Datei)")
            assert str(exc).strip()
            assert snapshot(db, sources) == before
            return

        event("übernommen" if result.changes else "unverändert")
        after_rows, after_logged, _ = snapshot(db, sources)
        changed = {k for k in set(before_rows) | set(after_rows) if before_rows.get(k) != after_rows.get(k)}
        assert changed == {c.key for c in result.changes}
        assert result.applied == bool(result.changes) and after_logged == before_logged + len(result.changes)
        incoming = {str(r.values.get("id") or "").strip() for r in read_import_file(path)}
        assert all(after_rows[k] == v for k, v in before_rows.items() if k not in incoming)
        assert set(after_rows) >= set(before_rows)  # an import adds or changes, it never deletes
        written = (sources / CSV_FILE).read_text(encoding="utf-8")
        assert sorted(written.splitlines()) == sorted(export(db, "salary_figures", "csv").splitlines())
        assert import_file(db, sources, path, True, "hypothesis").changes == []


def test_a_nul_byte_in_an_import_is_a_clear_rejection(template: Path, tmp_path: Path) -> None:
    """Found by the property above: csv raised its own error for a NUL byte instead of a message."""
    shutil.copytree(template / "sources", tmp_path / "sources")
    shutil.copy(template / "kb.sqlite", tmp_path / "kb.sqlite")
    db, sources = tmp_path / "kb.sqlite", tmp_path / "sources"
    path = tmp_path / "import.csv"
    path.write_text("\x00" + export(db, "salary_figures", "csv"), encoding="utf-8")
    before = snapshot(db, sources)
    with pytest.raises(SourceFileError, match="keine lesbare CSV-Datei"):
        import_file(db, sources, path, False, "test")
    assert snapshot(db, sources) == before
