"""End to end on SQLite and PostgreSQL: screen three people, decide, explain, export, erase
one; then the audit log verifies, the erased person's name, e-mail, phone and resume text are
nowhere in the database's files (its journal and write-ahead log included) or the stored
files, searched byte by byte, the others are untouched and the bias audit adds up."""

from __future__ import annotations

import hashlib
import os
import secrets
import string
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fairsift.audit.bias import bias_audit
from fairsift.audit.commands import decisions_from_store, demographics_from_store
from fairsift.audit.explain import explanation_html, explanation_pdf
from fairsift.audit.log import audit_verify
from fairsift.config import load_settings
from fairsift.intake import read_document
from fairsift.people import erase_person, export_person
from fairsift.privacy import redact
from fairsift.review.screening import screen_batch, stored_embedder
from fairsift.screening.pipeline import Screener
from fairsift.screening.segments import segment_text
from fairsift.service.files import save_upload
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "python-developer.md"
PG_DATA = Path(os.environ.get("FAIRSIFT_TEST_PG_DATA", "/tmp/fairsift-pg/data"))


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str
    project: str  # a sentence only this resume holds

    def resume(self) -> str:
        return (
            f"{self.name}\n{self.email} | {self.phone}\nPune, India\n\n"
            "SUMMARY\nBackend developer with 5 years of professional experience with Python.\n\n"
            "EXPERIENCE\nSenior Python Developer, Kestrel Labs (2020 - 2025)\n"
            f"  * {self.project}\n"
            "  * Built REST APIs with Django REST Framework and PostgreSQL\n"
            "  * Wrote pytest suites; Git, Linux and Docker every day\n\n"
            "EDUCATION\nB.Tech in Computer Science, 2019\n"
        )

    def needles(self) -> list[bytes]:
        return [s.encode() for s in (self.name, self.email, self.phone, self.project)]


def person(given: str) -> Person:
    token = "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    digits = "".join(secrets.choice(string.digits) for _ in range(4))
    return Person(
        name=f"{given} Vantresk{token.capitalize()}",
        email=f"{given.lower()}.{token}@example.org",
        phone=f"+44 20 7946 {digits}",
        project=f"Led the {token} ledger migration to event sourcing",
    )


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        if not os.environ.get(PG_URL_ENV):
            pytest.skip(PG_UNSET)
        wal_recycle_off()
    with temporary_database(request.param, tmp_path) as url:
        yield url


def wal_recycle_off() -> None:
    """The server setting fairsift's erasure asks of operators (see fairsift.store.scrub):
    retired WAL segments are deleted, not kept for reuse with old rows in them."""
    engine = create_engine(os.environ[PG_URL_ENV].replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if conn.execute(text("SHOW wal_recycle")).scalar() != "off":
            if not conn.execute(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar():
                pytest.skip("wal_recycle is on and the test role may not turn it off")
            conn.execute(text("ALTER SYSTEM SET wal_recycle = off"))
            conn.execute(text("SELECT pg_reload_conf()"))
    engine.dispose()


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.create(load_settings(db="sqlite://"))


def database_files(url: str) -> list[Path]:
    if "://" not in url:  # SQLite: the file, its journal, WAL and shared memory
        base = Path(url)
        return [p for p in base.parent.iterdir() if p.name.startswith(base.name)]
    if not PG_DATA.is_dir() or not os.access(PG_DATA, os.R_OK | os.X_OK):
        pytest.skip(f"the PostgreSQL data directory {PG_DATA} is not readable here")
    return [p for p in PG_DATA.rglob("*") if p.is_file()]


def found_in(files: list[Path], needles: list[bytes]) -> set[bytes]:
    return set(where(files, needles))


def where(files: list[Path], needles: list[bytes]) -> dict[bytes, list[str]]:
    hits: dict[bytes, list[str]] = {}
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # a file removed while we read (a WAL segment retired)
        for needle in needles:
            if needle in data:
                hits.setdefault(needle, []).append(str(path))
    return hits


def relations(url: str, left: dict[bytes, list[str]]) -> dict[str, str]:
    """Which table each PostgreSQL file belongs to (for the failure message)."""
    if "://" not in url:
        return {}
    nodes = {Path(p).name for paths in left.values() for p in paths}
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        found = {
            str(node): str(name)
            for node, name in conn.execute(text("SELECT relfilenode, relname FROM pg_class"))
            if str(node) in nodes
        }
    engine.dispose()
    return found


def checkpoint(url: str) -> None:
    """Make sure what was written is in the files before we look for it."""
    if "://" in url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("CHECKPOINT"))
        engine.dispose()


def test_screen_decide_explain_export_erase(
    db_url: str, screener: Screener, tmp_path: Path
) -> None:
    people = [person("Ilse"), person("Marek"), person("Tove")]
    victim, others = people[0], people[1:]
    folder = tmp_path / "in"
    folder.mkdir()
    uploads = tmp_path / "data" / "uploads"
    paths = []
    for who in people:
        data = who.resume().encode()
        path, _sha = save_upload(uploads, data, f"{who.name.split()[0]}.txt", 1_000_000)
        paths.append(path)
    store = Store.open(db_url)
    try:
        job = screener.load_job(JOB)
        result = screen_batch(screener, [job], paths, store)
        assert not result.failed_files
        shas = {}
        for who, path in zip(people, paths, strict=True):
            document = read_document(path, screener.limits)
            store.put_document_text(document.sha256, document.text, redact(document.text).text)
            store.enqueue(
                "application",
                {"path": str(path), "name": path.name, "sha256": document.sha256},
                f"{job.sha256}:{document.sha256}",
            )
            shas[who.name] = document.sha256
        rows = {r["sha256"]: r for r in store.list_assessments("screening")}
        for i, who in enumerate(people):
            row = rows[shas[who.name]]
            decision = "advance" if i != 1 else "reject"
            store.put_decision(
                "application", row["id"], row["id"], decision, f"{who.name} fits the role", "rita"
            )
            store.put_demographic(shas[who.name], ["female", "male", "female"][i], None, "hr")
        assert store.candidate_contact(shas[victim.name]).emails == (victim.email,)
        # The store's vector cache holds what screening with it encodes: each piece of the
        # text and of the blind text.
        pieces: dict[str, set[str]] = {}
        for who in people:
            kept = store.document_text(shas[who.name])
            assert kept is not None
            pieces[who.name] = {s.text for t in kept for s in segment_text(t)}
        embedder = stored_embedder(store)
        model = f"{embedder.name}@{embedder.version}"  # the cache's key for this model
        for who in people:
            embedder.embed(sorted(pieces[who.name]))

        def cached(texts: set[str]) -> int:
            keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
            return len(store.get_vectors(model, keys))

        theirs = pieces[victim.name] - set().union(*(pieces[o.name] for o in others))
        assert theirs and cached(theirs) == len(theirs)

        # Explain: the victim's letter holds their evidence, nobody else's data.
        victim_row = rows[shas[victim.name]]
        letter = explanation_html(store, victim_row["id"])
        assert "recommendation" in letter and "rita" in letter
        quotes = [e["quote"] for r in victim_row["requirements"] for e in r["evidence"]]
        assert quotes and all(" ".join(q.split()) in letter for q in quotes if '"' not in q)
        assert victim_row["explanation"] in letter  # the score's arithmetic
        for other in others:
            for needle in (other.name, other.email, other.project, shas[other.name]):
                assert needle not in letter
        assert explanation_pdf(store, victim_row["id"]).startswith(b"%PDF")

        # Export: everything held, in one zip.
        out = tmp_path / "victim.zip"
        counts = export_person(store, shas[victim.name], out, "dpo")
        assert counts["applications"] == 1 and counts["decisions"] == 1 and counts["files"] == 1
        with zipfile.ZipFile(out) as archive:
            blob = b"".join(archive.read(n) for n in archive.namelist())
            names = archive.namelist()
        assert {"person.json", "applications.json", "audit.json"} <= set(names)
        assert all(n in blob for n in victim.needles())
        assert not any(n in blob for other in others for n in other.needles())

        checkpoint(db_url)
        files = database_files(db_url)
        assert found_in(files, victim.needles()) == set(victim.needles())  # the search can fail

        before = store.audit_head()
        erased = erase_person(store, shas[victim.name], "dpo", upload_roots=[uploads])
        assert erased.kind == "candidate" and erased.files == 1 and erased.audit_entries >= 3
        assert store.verify_audit() == []
        ok, lines = audit_verify(db_url)  # what `fairsift audit verify` runs
        assert ok and lines[0].startswith("audit log intact"), lines
        after = store.audit_head()
        assert before is not None and after is not None and after[0] > before[0]
        # the erased entries keep their hashes and say when and by whom, never what
        records = [r for r in store.audit_records(limit=1000) if r.erased is not None]
        items = [i for i in store.audit_items() if i.erased is not None]  # in batch entries
        assert len(records) + len(items) == erased.audit_entries
        assert all(r.payload == {} and r.erased and r.erased["by"] == "dpo" for r in records)
        assert all(i.payload is None and i.erased and i.erased["by"] == "dpo" for i in items)
        # the screening batch wrote one entry for the three assessments: only theirs is erased
        (batch,) = [r for r in store.audit_records(limit=1000) if r.event == "batch"]
        batch_items = store.audit_items(batch.id)
        assert [i.erased is not None for i in batch_items].count(True) == 1 == len(items)
        assert batch.payload["leaves"] == [i.hash for i in batch_items]  # hashes kept

        checkpoint(db_url)
        left = where(database_files(db_url), victim.needles())
        assert left == {}, (
            f"still in the database files: {left}; {relations(db_url, left)}; {erased.scrub}"
        )
        assert cached(theirs) == 0  # the vectors of their words went with them
        for other in others:  # the others' own pieces stay cached
            own = pieces[other.name] - pieces[victim.name]
            assert cached(own) == len(own)
        stored = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
        assert found_in(stored, victim.needles()) == set()
        assert not paths[0].exists() and paths[1].exists()
        # the others are untouched
        for other in others:
            assert store.candidate_contact(shas[other.name]).emails == (other.email,)
            assert store.document_text(shas[other.name]) is not None
        assert found_in(database_files(db_url), others[0].needles()) == set(others[0].needles())
        # and the bias audit adds up: two people left, one advanced, one rejected
        decisions = decisions_from_store(db_url)
        assert sorted(d.selected for d in decisions) == [False, True]
        audit = bias_audit(decisions, demographics_from_store(db_url))
        assert audit.applicants == 2
        sexes = {r.category: r for r in audit.selection.sex}
        assert sexes["Female"].applicants == 1 and sexes["Male"].applicants == 1
        assert sexes["Female"].selected == 1 and sexes["Male"].selected == 0
    finally:
        store.close()


def test_a_tampered_erased_entry_is_caught(tmp_path: Path, screener: Screener) -> None:
    url = str(tmp_path / "db" / "fairsift.db")
    with Store.open(url) as store:
        store.put_demographic("a" * 64, "female", None, "hr")
        store.merge_candidates("a" * 64, "b" * 64, "rita")  # entry 2, about b
        from fairsift.people.erase import erase_subject
        from fairsift.people.subject import find_subject

        with store.audited_write() as session:
            erase_subject(session, find_subject(session, "b" * 64), "dpo", "test")
        assert store.verify_audit() == []
    from fairsift.store.testing import tamper

    tamper(url, "UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
    with Store.open(url) as store:
        problems = store.verify_audit()
    assert [p.entry_id for p in problems] == [2]
    assert "erasure recorded" in problems[0].what


def test_a_reporter_is_exported_and_erased_by_their_receipt(db_url: str, tmp_path: Path) -> None:
    token = "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    mine = [f"The bridge at {token} road collapsed", f"whatsapp +509 {token[:4]}", f"more {token}"]
    theirs = f"Flooding near the {token[::-1]} market"
    store = Store.open(db_url)
    try:
        report = store.put_report({}, mine[0], {"contact": mine[1]}, "form", "public")
        other = store.put_report({}, theirs, {"contact": "nobody"}, "form", "public")
        code = store.create_receipt(report)
        store.put_report_assessment(report, {"language": "en", "urgency": "high"}, {"m": "1"})
        store.add_to_report(code, mine[2])
        store.put_decision("report", report, None, "escalate", "Bridge down", "rita")
        store.put_decision("report", other, None, "route", "To the water team", "rita")

        out = tmp_path / "mine.zip"
        counts = export_person(store, code, out, "dpo")
        assert counts["reports"] == 1
        with zipfile.ZipFile(out) as archive:
            held = archive.read("report.json").decode()
        assert all(n in held for n in mine) and theirs not in held

        checkpoint(db_url)
        needles = [n.encode() for n in mine]
        assert found_in(database_files(db_url), needles) == set(needles)
        result = erase_person(store, code, "dpo")
        assert result.kind == "reporter" and result.rows["reports"] == 1
        assert store.verify_audit() == []
        checkpoint(db_url)
        left = where(database_files(db_url), needles)
        assert left == {}, f"still in the database files: {left}"
        assert found_in(database_files(db_url), [theirs.encode()]) == {theirs.encode()}
        assert store.report_for_receipt(code) is None
        assert [d["decision"] for d in store.all_decisions("report")] == ["route"]
    finally:
        store.close()
