"""Backups of the database and the media folder (uploads and archived PDFs), and restores.

A backup is one ``.tar.gz`` (encrypted with Fernet when ``DJANGO_BACKUP_KEY`` is set) holding ``manifest.json``, the database (``database.dump``
from pg_dump's custom format, or ``database.sqlite3``, a consistent copy made with
SQLite's online backup API) and ``media/``. The manifest lists the SHA-256 of every media
file, so a restore can refuse a damaged archive before it touches anything. A restore
trusts no name in the archive: each must be one the manifest allows and stay inside the
media folder.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
POSTGRESQL = "postgresql"
SQLITE = "sqlite"
# The only database file each engine's backup may hold.
DATABASE_FILES = {POSTGRESQL: "database.dump", SQLITE: "database.sqlite3"}
GZIP_MAGIC = b"\x1f\x8b"
# Every Fernet token starts with its version byte, 0x80, base64-encoded.
FERNET_MAGIC = b"gAAAAA"


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, in Danish."""


def _engine(alias="default"):
    engine = connections[alias].settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return POSTGRESQL
    if engine.endswith("sqlite3"):
        return SQLITE
    raise BackupError(_("Databasetypen %(engine)s understøttes ikke.") % {"engine": engine})


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(settings_dict):
    env = {**os.environ}
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command, env):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            _("Programmet %(program)s findes ikke. Installér PostgreSQL-klienten (postgresql-client).")
            % {"program": command[0]}
        ) from error
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s fejlede: %(error)s") % {"program": command[0], "error": result.stderr.strip()}
        )


def _dump_database(target, alias):
    connection = connections[alias]
    settings_dict = connection.settings_dict
    if _engine(alias) == POSTGRESQL:
        path = target / DATABASE_FILES[POSTGRESQL]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(path),
                settings_dict["NAME"],
            ],
            _pg_env(settings_dict),
        )
        return path.name
    path = target / DATABASE_FILES[SQLITE]
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        # The online backup API copies a consistent snapshot even while others write.
        connection.connection.backup(destination)
    finally:
        destination.close()
    return path.name


def _media_files(media_root):
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def backup_key():
    """The Fernet of ``settings.BACKUP_KEY``, or None when no key is set."""
    if not settings.BACKUP_KEY:
        return None
    try:
        return Fernet(settings.BACKUP_KEY)
    except ValueError as error:
        raise BackupError(
            _(
                "DJANGO_BACKUP_KEY er ikke en gyldig nøgle. Lav en med "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.'
            )
        ) from error


def create_backup(output_dir, *, alias="default"):
    """Write a backup archive into `output_dir` and return its path: a ``.tar.gz``, or,
    with ``DJANGO_BACKUP_KEY`` set, the same encrypted with it as ``.tar.gz.enc``.

    The database goes first: a file written while the media folder is copied is then at
    worst an extra file the database does not mention, never a missing one.
    """
    key = backup_key()  # a bad key stops here, before anything is written
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"partnerskab-{stamp}.tar.gz{'.enc' if key else ''}"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        database = _dump_database(work, alias)
        media = {path.relative_to(media_root).as_posix(): _sha256(path) for path in _media_files(media_root)}
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": _engine(alias),
            "database": database,
            "database_sha256": _sha256(work / database),
            "media": media,
        }
        partial = archive.with_suffix(".partial")
        plain = work / "archive.tar.gz" if key else partial
        with tarfile.open(plain, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2, sort_keys=True).encode())
            tar.add(work / database, arcname=database)
            for name in media:
                tar.add(media_root / name, arcname=f"media/{name}")
        if key:
            # Fernet encrypts in memory: about twice the archive's size (README: Backups).
            partial.write_bytes(key.encrypt(plain.read_bytes()))
        partial.rename(archive)
    return archive


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def read_manifest(archive):
    """The manifest of `archive`, after reading the whole archive and checking every name
    in it (see `_read`)."""
    return _read(Path(archive))


def _refuse_damaged(archive):
    return BackupError(
        _("Arkivet %(file)s er ufuldstændigt eller beskadiget og kan ikke læses. Intet er ændret.")
        % {"file": archive.name}
    )


def _refuse_name(archive, name):
    return BackupError(
        _(
            "Arkivet %(file)s indeholder navnet %(name)s, som ikke hører til en sikkerhedskopi. Intet er ændret."
        )
        % {"file": archive.name, "name": repr(name)}
    )


def _open(archive):
    """`archive` as a file to read the .tar.gz from, decrypted with ``DJANGO_BACKUP_KEY``
    when it is encrypted."""
    try:
        with open(archive, "rb") as handle:
            start = handle.read(len(FERNET_MAGIC))
    except OSError as error:
        raise BackupError(
            _("%(file)s er ikke en sikkerhedskopi fra dette system.") % {"file": archive.name}
        ) from error
    if start.startswith(GZIP_MAGIC):
        return open(archive, "rb")
    if start != FERNET_MAGIC:
        raise BackupError(_("%(file)s er ikke en sikkerhedskopi fra dette system.") % {"file": archive.name})
    key = backup_key()
    if key is None:
        raise BackupError(
            _(
                "Sikkerhedskopien %(file)s er krypteret. Sæt DJANGO_BACKUP_KEY til nøglen, "
                "den blev lavet med. Intet er ændret."
            )
            % {"file": archive.name}
        )
    try:
        return io.BytesIO(key.decrypt(archive.read_bytes()))
    except InvalidToken as error:
        raise BackupError(
            _(
                "Sikkerhedskopien %(file)s kan ikke dekrypteres med nøglen i DJANGO_BACKUP_KEY: "
                "nøglen er forkert, eller filen er beskadiget. Intet er ændret."
            )
            % {"file": archive.name}
        ) from error


def _inside(root, name):
    """`root / name`, if it stays inside `root` once symlinks already there are followed."""
    root = Path(root).resolve()
    target = (root / name).resolve()
    return target if target.is_relative_to(root) else None


def _check_name(archive, name, roots):
    """Refuse a name that is not a plain relative path ("/x" and "a//b" have an empty
    part), or that leaves any of `roots`."""
    parts = name.split("/") if isinstance(name, str) else [""]
    if any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts) or any(
        _inside(root, name) is None for root in roots
    ):
        raise _refuse_name(archive, name)


def _check_manifest(archive, manifest, work):
    if (
        not isinstance(manifest, dict)
        or not isinstance(manifest.get("media"), dict)
        or not all(isinstance(digest, str) for digest in manifest["media"].values())
        or not isinstance(manifest.get("database_sha256"), str)
    ):
        raise _refuse_damaged(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Sikkerhedskopien har et ukendt format."))
    if manifest.get("database") != DATABASE_FILES.get(manifest.get("engine")):
        raise _refuse_name(archive, manifest.get("database"))
    roots = [Path(settings.MEDIA_ROOT)] + ([work / "media"] if work else [])
    for name in manifest["media"]:
        _check_name(archive, name, roots)


def _read(archive, work=None):
    """Read all of `archive` and return its manifest; with `work`, extract it there.

    Nothing in the archive is trusted: the manifest must come first and name the
    database file of its engine; the other members must be exactly the regular files it
    names; every media name must stay inside the media folder and the work directory.
    A truncated or corrupt archive is refused here, before anything changes.
    """
    manifest = None
    try:
        with _open(archive) as handle, tarfile.open(fileobj=handle, mode="r:gz") as tar:
            for member in tar:
                if manifest is None:
                    if member.name != "manifest.json" or not member.isreg():
                        raise _refuse_damaged(archive)
                    manifest = json.load(tar.extractfile(member))
                    _check_manifest(archive, manifest, work)
                    missing = {manifest["database"]} | {f"media/{name}" for name in manifest["media"]}
                    continue
                # A name twice, a link, a device or a folder is refused as well.
                if not member.isreg() or member.name not in missing:
                    raise _refuse_name(archive, member.name)
                missing.remove(member.name)
                if work is not None:
                    target = _inside(work, member.name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as source, open(target, "xb") as copy:
                        shutil.copyfileobj(source, copy)
            # tarfile stops quietly at a cut between members; gzip, read to its end, does not.
            while tar.fileobj.read(1 << 20):
                pass
    except (EOFError, zlib.error, tarfile.TarError, ValueError, OSError) as error:
        # OSError: gzip.BadGzipFile and short reads; ValueError: a manifest that is not JSON.
        raise _refuse_damaged(archive) from error
    if manifest is None or missing:
        raise _refuse_damaged(archive)
    return manifest


def restore_backup(archive, *, alias="default"):
    """Replace the database and the media files with those of `archive`.

    Everything is checked first (every name in the archive, format, database type, every
    SHA-256); the database is restored in one transaction on PostgreSQL. Files in the
    media folder that the backup does not hold are left alone. Returns the manifest.
    """
    archive = Path(archive)
    engine = _engine(alias)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest = _read(archive, work)
        if manifest["engine"] != engine:
            raise BackupError(
                _("Sikkerhedskopien er fra en %(backup)s-database, men systemet bruger %(current)s.")
                % {"backup": manifest["engine"], "current": engine}
            )
        _verify(work, manifest)
        _restore_database(work / manifest["database"], alias)
        _restore_media(work / "media", manifest["media"])
    return manifest


def _verify(work, manifest):
    database = work / manifest["database"]
    if not database.is_file() or _sha256(database) != manifest["database_sha256"]:
        raise BackupError(_("Databasen i sikkerhedskopien er beskadiget. Intet er ændret."))
    for name, digest in manifest["media"].items():
        path = work / "media" / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(
                _("Filen %(name)s i sikkerhedskopien er beskadiget. Intet er ændret.") % {"name": name}
            )


def _restore_database(path, alias):
    connection = connections[alias]
    settings_dict = connection.settings_dict
    if _engine(alias) == POSTGRESQL:
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                settings_dict["NAME"],
                str(path),
            ],
            _pg_env(settings_dict),
        )
        return
    source = sqlite3.connect(path)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_media(source, names):
    media_root = Path(settings.MEDIA_ROOT)
    for name in names:
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)


def _sha256_field(file_field):
    return "sha256" if file_field == "file" else file_field.removesuffix("_file") + "_sha256"


def archived_file_problems():
    """Files that the database keeps a SHA-256 for (archived PDFs) and that are missing
    or changed, as "model #pk: file" strings. Found through the app registry: any model
    with a file field and its SHA-256 field (``sha256`` for ``file``, ``<x>_sha256`` for
    ``<x>_file``)."""
    problems = []
    for model in apps.get_models():
        field_names = {field.name for field in model._meta.fields}
        checked = [
            (field.name, sha_field)
            for field in model._meta.fields
            if isinstance(field, FileField) and (sha_field := _sha256_field(field.name)) in field_names
        ]
        if not checked:
            continue
        for obj in model._default_manager.all():
            for name, sha_field in checked:
                stored = getattr(obj, name)
                if not stored:
                    continue
                path = Path(settings.MEDIA_ROOT) / stored.name
                if not path.is_file() or _sha256(path) != getattr(obj, sha_field):
                    problems.append(f"{model._meta.verbose_name} #{obj.pk}: {stored.name}")
    return problems
