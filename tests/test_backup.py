"""`make backup` / `make restore`: the demo, with an archived PDF, survives a round trip into
an empty database and an empty media folder; a damaged archive changes nothing."""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command

from activities.models import Unit
from records import backups

ROOT = Path(__file__).resolve().parent.parent

ARCHIVE_A_REPORT = """
import gzip
import hashlib
from django.core.files.base import ContentFile
from activities.models import Partnership
from indicators.models import ReportExport, StatusReport
report, _ = StatusReport.objects.get_or_create(partnership=Partnership.objects.get(slug="amager"), year=2022)
pdf = b"%PDF-1.7\\n" + b"Status paa tryghed og kriminalitet 2022\\n" * 200 + b"%%EOF\\n"
export = ReportExport(report=report, version=report.next_export_version(), sha256=hashlib.sha256(pdf).hexdigest(),
                      size=len(pdf), f2_case_number="2022-0123456")
export.file.save("statusrapport-amager-2022-v1.pdf", ContentFile(pdf), save=False)
export.save()
"""

COUNT_EVERYTHING = """
import json
from django.apps import apps
from records.backups import archived_file_problems
from indicators.models import ReportExport
counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
exports = [[e.sha256, e.f2_case_number, e.verify()] for e in ReportExport.objects.order_by("pk")]
print(json.dumps({"counts": counts, "exports": exports, "problems": archived_file_problems()}))
"""


def manage(env, *args, code=None):
    command = (
        [sys.executable, "manage.py", *args]
        if code is None
        else [sys.executable, "manage.py", "shell", "-c", code]
    )
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def environment(database_url, media_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(DJANGO_DEBUG="1", DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media_root))
    return env


@pytest.fixture
def databases(tmp_path):
    """A source and an empty target database of the engine the suite runs on."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'demo.sqlite3'}", f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return

    params = settings.DATABASES["default"]
    server = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    names = [f"backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    admin = psycopg.connect(f"{server}/postgres", autocommit=True, password=params.get("PASSWORD") or None)
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(f"{server}/{name}" for name in names)
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_backup_of_the_demo_restores_into_an_empty_database_with_every_archived_pdf(tmp_path, databases):
    source_url, target_url = databases
    source = environment(source_url, tmp_path / "media")
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "load_demo")
    manage(source, code=ARCHIVE_A_REPORT)
    before = json.loads(manage(source, code=COUNT_EVERYTHING).strip().splitlines()[-1])

    manage(source, "backup", "--output-dir", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("partnerskab-*.tar.gz")

    target = environment(target_url, tmp_path / "restored-media")
    output = manage(target, "restore", str(archive), "--noinput")
    assert "alle arkiverede filers SHA-256 stemmer" in output
    after = json.loads(manage(target, code=COUNT_EVERYTHING).strip().splitlines()[-1])

    assert after["counts"] == before["counts"]
    assert before["counts"]["activities.Activity"] > 10 and before["counts"]["indicators.ReportExport"] == 1
    assert after["exports"] == before["exports"]
    assert after["exports"][0][1:] == ["2022-0123456", True]
    assert after["problems"] == []
    # Demo logins work against the restored database.
    check = manage(
        target,
        code="from django.contrib.auth import authenticate; print(bool(authenticate(username='koordinator', password='demo')))",
    )
    assert check.strip().endswith("True")


def _tamper(archive, member, tmp_path):
    """A copy of `archive` with one member's bytes changed."""
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == member:
                data = data.replace(b"PDF", b"XXX")
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return damaged


@pytest.mark.django_db
def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path):
    media = Path(settings.MEDIA_ROOT)
    (media / "statusrapporter").mkdir(parents=True)
    (media / "statusrapporter" / "a.pdf").write_bytes(b"%PDF-1.7 original")
    archive = backups.create_backup(tmp_path)
    damaged = _tamper(archive, "media/statusrapporter/a.pdf", tmp_path)

    Unit.objects.create(short_name="NY", name="Oprettet efter kopien")
    (media / "statusrapporter" / "a.pdf").write_bytes(b"%PDF-1.7 current")
    with pytest.raises(CommandError, match="beskadiget. Intet er ændret"):
        call_command("restore", str(damaged), interactive=False)
    assert Unit.objects.filter(short_name="NY").exists()
    assert (media / "statusrapporter" / "a.pdf").read_bytes() == b"%PDF-1.7 current"


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    not_a_backup = tmp_path / "plan.xlsx"
    not_a_backup.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(CommandError, match="er ikke en sikkerhedskopi fra dette system"):
        call_command("restore", str(not_a_backup), interactive=False)


@pytest.mark.django_db
def test_a_backup_from_the_other_database_type_is_refused(tmp_path, monkeypatch):
    archive = backups.create_backup(tmp_path)
    other = "sqlite" if backups._engine() == "postgresql" else "postgresql"
    monkeypatch.setattr(backups, "_engine", lambda alias="default": other)
    with pytest.raises(CommandError, match="Sikkerhedskopien er fra en"):
        call_command("restore", str(archive), interactive=False)


def _hand_made(tmp_path, *, media=None, database=None, members=None):
    """An archive built by hand: a manifest naming `media` ({name: bytes}) and `database`,
    then `members` (TarInfo, bytes) as given, by default the files the manifest names."""
    engine = backups._engine()
    database = database or backups.DATABASE_FILES[engine]
    media = media if media is not None else {"statusrapporter/a.pdf": b"%PDF-1.7 from the archive"}
    manifest = {
        "format": backups.FORMAT,
        "created": "2026-01-01T12:00:00+00:00",
        "engine": engine,
        "database": database,
        "database_sha256": hashlib.sha256(b"not a database").hexdigest(),
        "media": {name: hashlib.sha256(data).hexdigest() for name, data in media.items()},
    }
    if members is None:
        members = [(tarfile.TarInfo(database), b"not a database")]
        members += [(tarfile.TarInfo(f"media/{name}"), data) for name, data in media.items()]
    archive = tmp_path / "hand-made.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for info, data in [(tarfile.TarInfo("manifest.json"), json.dumps(manifest).encode()), *members]:
            if info.isreg():
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return archive


@pytest.fixture
def current_state(db):
    """A unit and a media file that a refused restore must leave as they are."""
    media = Path(settings.MEDIA_ROOT)
    (media / "statusrapporter").mkdir(parents=True)
    (media / "statusrapporter" / "a.pdf").write_bytes(b"%PDF-1.7 current")
    Unit.objects.create(short_name="NY", name="Oprettet efter kopien")
    yield
    assert Unit.objects.filter(short_name="NY").exists()
    assert (media / "statusrapporter" / "a.pdf").read_bytes() == b"%PDF-1.7 current"
    assert sorted(path.name for path in media.rglob("*")) == ["a.pdf", "statusrapporter"]


def _link(name, kind, target):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info, b""


@pytest.mark.parametrize(
    "name", ["../outside.pdf", "statusrapporter/../../outside.pdf", "/OUTSIDE", "a//b", ""]
)
def test_a_media_name_outside_the_media_folder_is_refused(tmp_path, current_state, name):
    name = name.replace("/OUTSIDE", str(tmp_path / "outside.pdf"))
    archive = _hand_made(tmp_path, media={name: b"%PDF-1.7 planted"})
    with pytest.raises(CommandError, match="som ikke hører til en sikkerhedskopi. Intet er ændret"):
        call_command("restore", str(archive), interactive=False)
    assert not (tmp_path / "outside.pdf").exists()


def test_a_media_name_through_a_symlink_in_the_media_folder_is_refused(tmp_path, current_state):
    (tmp_path / "elsewhere").mkdir()
    (Path(settings.MEDIA_ROOT) / "uploads").symlink_to(tmp_path / "elsewhere")
    archive = _hand_made(tmp_path, media={"uploads/planted.pdf": b"%PDF-1.7 planted"})
    with pytest.raises(CommandError, match="uploads/planted.pdf.*Intet er ændret"):
        call_command("restore", str(archive), interactive=False)
    assert list((tmp_path / "elsewhere").iterdir()) == []
    (Path(settings.MEDIA_ROOT) / "uploads").unlink()


@pytest.mark.parametrize(
    "kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.FIFOTYPE, tarfile.DIRTYPE]
)
def test_a_member_that_is_not_a_plain_file_is_refused(tmp_path, current_state, kind):
    database = backups.DATABASE_FILES[backups._engine()]
    archive = _hand_made(
        tmp_path,
        members=[
            (tarfile.TarInfo(database), b"not a database"),
            _link("media/statusrapporter/a.pdf", kind, str(tmp_path / "outside.pdf")),
        ],
    )
    with pytest.raises(CommandError, match="media/statusrapporter/a.pdf.*Intet er ændret"):
        call_command("restore", str(archive), interactive=False)
    assert not (tmp_path / "outside.pdf").exists()


def test_a_member_the_manifest_does_not_name_is_refused(tmp_path, current_state):
    database = backups.DATABASE_FILES[backups._engine()]
    archive = _hand_made(
        tmp_path,
        media={},
        members=[(tarfile.TarInfo(database), b"not a database"), (tarfile.TarInfo("../outside.pdf"), b"x")],
    )
    with pytest.raises(CommandError, match="outside.pdf.*Intet er ændret"):
        call_command("restore", str(archive), interactive=False)
    assert not (tmp_path / "outside.pdf").exists()


@pytest.mark.parametrize(
    "database", ["../outside.sqlite3", "settings.py", "database.dump", "database.sqlite3"]
)
def test_a_database_file_other_than_the_engines_own_is_refused(tmp_path, current_state, database):
    if database == backups.DATABASE_FILES[backups._engine()]:
        database = "media/" + database
    archive = _hand_made(tmp_path, database=database)
    with pytest.raises(CommandError, match="som ikke hører til en sikkerhedskopi. Intet er ændret"):
        call_command("restore", str(archive), interactive=False)
    assert not (tmp_path / "outside.sqlite3").exists()


def test_a_truncated_archive_is_refused_with_a_message(tmp_path, current_state):
    # Built by hand: SQLite's backup of the test database waits forever on the test's
    # open transaction.
    archive = _hand_made(tmp_path, media={"statusrapporter/b.pdf": os.urandom(200_000)})
    data = archive.read_bytes()
    for length in (len(data) // 2, len(data) - 4):
        archive.write_bytes(data[:length])
        with pytest.raises(
            CommandError, match="er ufuldstændigt eller beskadiget og kan ikke læses. Intet er ændret"
        ):
            call_command("restore", str(archive), interactive=False)
    # Bytes changed in the middle of the compressed stream.
    archive.write_bytes(data[:1000] + bytes(b ^ 0xFF for b in data[1000:1100]) + data[1100:])
    with pytest.raises(CommandError, match="er ufuldstændigt eller beskadiget"):
        call_command("restore", str(archive), interactive=False)


def test_a_manifest_that_is_not_json_is_refused(tmp_path, current_state):
    archive = tmp_path / "bad-manifest.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = 9
        tar.addfile(info, io.BytesIO(b"{not json"))
    with pytest.raises(CommandError, match="er ufuldstændigt eller beskadiget"):
        call_command("restore", str(archive), interactive=False)


def test_a_bad_backup_key_is_refused_before_anything_is_written(tmp_path, settings):
    settings.BACKUP_KEY = "not-a-fernet-key"
    with pytest.raises(backups.BackupError, match="DJANGO_BACKUP_KEY er ikke en gyldig nøgle"):
        backups.backup_key()
    with pytest.raises(backups.BackupError, match="ikke en gyldig nøgle"):
        backups.create_backup(tmp_path / "backups")
    assert not (tmp_path / "backups").exists()


@pytest.mark.django_db
def test_an_encrypted_backup_restores_with_its_key_and_is_refused_without(tmp_path, settings, monkeypatch):
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    media = Path(settings.MEDIA_ROOT)
    (media / "statusrapporter").mkdir(parents=True)
    (media / "statusrapporter" / "a.pdf").write_bytes(b"%PDF-1.7 Personnummer 010101-1234")
    archive = backups.create_backup(tmp_path)
    assert archive.name.endswith(".tar.gz.enc")
    data = archive.read_bytes()
    assert not data.startswith(b"\x1f\x8b")
    assert b"Personnummer" in gzip.decompress(Fernet(settings.BACKUP_KEY).decrypt(data))

    (media / "statusrapporter" / "a.pdf").write_bytes(b"%PDF-1.7 current")
    settings_key = settings.BACKUP_KEY
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="er krypteret. Sæt DJANGO_BACKUP_KEY"):
        call_command("restore", str(archive), interactive=False)
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="kan ikke dekrypteres .* Intet er ændret"):
        call_command("restore", str(archive), interactive=False)
    assert (media / "statusrapporter" / "a.pdf").read_bytes() == b"%PDF-1.7 current"

    # The database restore itself is the plain archive's, tested above in a fresh process.
    restored = []
    monkeypatch.setattr(
        backups, "_restore_database", lambda path, alias: restored.append(backups._sha256(path))
    )
    settings.BACKUP_KEY = settings_key
    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
    assert restored == [backups.read_manifest(archive)["database_sha256"]]
    assert (media / "statusrapporter" / "a.pdf").read_bytes() == b"%PDF-1.7 Personnummer 010101-1234"
