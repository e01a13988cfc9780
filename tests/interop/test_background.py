"""Reading an export in a second process gives exactly what reading it in the importing process gives."""

import os
import pickle
from pathlib import Path

import pytest

from fiit.instruments import get_instrument
from fiit.interop.submissions import background
from fiit.interop.errors import FileRefused
from fiit.interop.submissions.filecheck import check_file
from fiit.interop.submissions.importing import SealAnswers
from fiit.interop.submissions.reading import HEADER, ReadPlan, read_chunks
from fiit.interop.submissions.rows import Submission
from tests.interop.samples import sample_submissions, write_kobo_csv, write_odk_csv
from fiit.vault.sealing import InterviewSealer

from .support import COUNTRIES, ListStore, import_with_list, kobo_table, write_rows


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def submissions(victim):
    return list(sample_submissions(victim, 600, seed=23))


def _plan(path, instrument, source="kobo", prepare=None):
    return ReadPlan(checked=check_file(path), instrument=instrument, source=source, known_countries=COUNTRIES,
                    prepare=prepare)


def _children() -> list[int]:
    """Live (not zombie) child processes of this process, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _no_reader_left():
    return _children() == []


def test_the_reader_process_gives_the_same_messages(tmp_path, victim, submissions):
    header, rows = kobo_table(victim, submissions)
    rows[3]["a/a_scale"] = "11"  # rejected rows travel too
    rows[400]["_uuid"] = ""
    path = write_rows(tmp_path / "export.csv", header, rows)
    inline = list(read_chunks(_plan(path, victim)))
    beside = list(background.read_chunks_beside(_plan(path, victim)))
    assert len(inline) > 2  # a header and several chunks
    assert beside == inline
    rejected = [r for kind, chunk in inline if kind != HEADER for r in chunk if isinstance(r, list)]
    assert {r[0].row for r in rejected} == {5, 402}
    assert _no_reader_left()


def test_an_import_reads_beside_or_not_with_the_same_result(tmp_path, victim, submissions):
    path = write_odk_csv(tmp_path / "odk.csv", victim, submissions)
    inline, inline_store = import_with_list(path, victim, "odk", read_beside=False)
    beside, beside_store = import_with_list(path, victim, "odk", read_beside=True)
    assert beside.to_dict() == inline.to_dict()
    assert inline.imported == len(submissions)
    assert beside_store.stored == inline_store.stored
    assert inline_store.writes == beside_store.writes > 1
    assert _no_reader_left()


def test_a_file_refused_by_the_reader_is_refused_with_its_message(tmp_path, victim, submissions):
    header, rows = kobo_table(victim, submissions[:5])
    path = write_rows(tmp_path / "twice.csv", header + ["a/a1"], rows)
    with pytest.raises(FileRefused) as inline:
        import_with_list(path, victim, read_beside=False)
    store = ListStore()
    with pytest.raises(FileRefused) as beside:
        import_with_list(path, victim, store=store, read_beside=True)
    assert str(beside.value) == str(inline.value)
    assert "appears twice in the header of twice.csv" in str(beside.value)
    assert store.stored == []
    assert _no_reader_left()


def _fail(submission):
    raise ValueError(f"no sealing for row {submission.row}")


def _die(submission):
    os._exit(3)


def test_a_failing_reader_says_what_failed(tmp_path, victim, submissions):
    path = write_kobo_csv(tmp_path / "export.csv", victim, submissions[:5])
    with pytest.raises(background.ReaderFailed) as info:
        list(background.read_chunks_beside(_plan(path, victim, prepare=_fail)))
    assert "ValueError: no sealing for row 2" in str(info.value)
    assert "Traceback" in str(info.value)
    assert _no_reader_left()


def test_a_reader_that_dies_is_noticed(tmp_path, victim, submissions):
    path = write_kobo_csv(tmp_path / "export.csv", victim, submissions[:5])
    with pytest.raises(background.ReaderFailed) as info:
        list(background.read_chunks_beside(_plan(path, victim, prepare=_die)))
    assert str(info.value) == "The reader process stopped without finishing the file (exit code 3)."


def test_stopping_early_stops_the_reader(tmp_path, victim, submissions):
    path = write_kobo_csv(tmp_path / "export.csv", victim, submissions * 10)  # more than the queue holds
    messages = background.read_chunks_beside(_plan(path, victim))
    kind, _ = next(messages)
    assert kind == HEADER
    next(messages)
    assert len(_children()) == 1
    messages.close()
    assert _no_reader_left()


def test_small_files_are_read_in_the_importing_process(tmp_path, victim, submissions):
    small = _plan(write_kobo_csv(tmp_path / "small.csv", victim, submissions[:5]), victim)
    assert not background.worth_a_process(small)
    big = _plan(write_kobo_csv(tmp_path / "big.csv", victim, submissions * 3), victim)
    assert big.checked.size >= background.BACKGROUND_MIN_BYTES
    assert background.worth_a_process(big) == ((os.cpu_count() or 1) > 1)


def test_seal_answers_seals_the_answers_and_drops_them_in_clear(keyfile, victim, submissions):
    sealer = InterviewSealer(keyfile, victim)
    prepare = pickle.loads(pickle.dumps(SealAnswers(sealer)))  # it crosses to the reader
    row = Submission(row=2, external_id="new", respondent_code="K-1", country="BE", language="nl",
                     interview_date=submissions[0].started.date(), answers=dict(submissions[0].answers), consent={})
    sealed = prepare(row)
    assert sealed.answers == {} and sealed.sealed is not None
    assert {qid for qid, _, _ in sealed.sealed.rows} == {
        qid for qid, value in submissions[0].answers.items() if value not in (None, "", [])}


def test_a_script_without_a_main_guard_is_not_run_again_by_the_reader(tmp_path):
    """The reader is a plain `python -c` process: a caller's script is never imported in it (as `spawn` would)."""
    import subprocess
    import sys
    import textwrap

    import fiit

    log = tmp_path / "runs.log"
    script = tmp_path / "unguarded.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(fiit.__file__).parent.parent)!r})
        sys.path.insert(1, {str(Path(__file__).resolve().parents[2])!r})  # tests.interop.samples
        from fiit.instruments import get_instrument
        from fiit.interop.submissions.importing import import_file
        from tests.interop.samples import sample_submissions, write_kobo_csv

        with open({str(log)!r}, "a") as handle:
            handle.write("ran\\n")

        class Store:
            def stored_ids(self): return frozenset()
            def preparer(self): return None
            def existing(self, ids): return set()
            def withdrawn(self, ids): return set()
            def write(self, submissions): return []

        victim = get_instrument("victim")
        path = write_kobo_csv({str(tmp_path / "export.csv")!r}, victim, sample_submissions(victim, 30, seed=3))
        report = import_file(path, victim, "kobo", Store(), known_countries=frozenset(["BE", "FR", "HU", "IT", "GB"]),
                             read_beside=True)
        print(report.imported)
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "30"
    assert log.read_text() == "ran\n"  # once: the reader did not run the script again
