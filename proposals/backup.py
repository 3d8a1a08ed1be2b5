"""Back up everything — the database (archived submission PDFs included, they live in it) and
the media files — into one archive, and restore it on a fresh install.

The archive is a gzipped tar holding:

- ``manifest.json``: format, when, the migration state per app, row counts per model, and the
  SHA-256 of every other member;
- ``data.json``: ``dumpdata`` with natural keys (content types and permissions are recreated by
  ``migrate`` on the new install, sessions and login-attempt counters are not kept);
- ``media/...``: the files under ``MEDIA_ROOT``.

Restoring checks every hash before it writes anything, refuses a database that already holds
data, loads everything in one transaction, then verifies that each archived PDF still matches
its recorded SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "blueprint-backup/1"
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]


class BackupError(Exception):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_database() -> bytes:
    out = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        stdout=out,
    )
    return out.getvalue().encode("utf-8")


def _migration_state() -> dict[str, str]:
    state: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        state[app] = max(state.get(app, ""), name)
    return dict(sorted(state.items()))


def _counts(data: bytes) -> dict[str, int]:
    return dict(sorted(Counter(row["model"] for row in json.loads(data)).items()))


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def backup_create(*, destination: Path) -> dict:
    """Write the archive to ``destination``; return its manifest."""
    with transaction.atomic():  # one consistent view of the data
        data = dump_database()
        migrations = _migration_state()
    members: dict[str, bytes] = {"data.json": data}
    root = Path(settings.MEDIA_ROOT)
    for path in _media_files():
        members["media/" + path.relative_to(root).as_posix()] = path.read_bytes()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "counts": _counts(data),
        "files": {name: _sha256(content) for name, content in members.items()},
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=destination.parent, delete=False) as tmp:
        with tarfile.open(fileobj=tmp, mode="w:gz") as archive:
            for name, content in [("manifest.json", _json_bytes(manifest)), *members.items()]:
                info = tarfile.TarInfo(name)
                info.size = len(content)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(content))
    Path(tmp.name).replace(destination)
    return manifest


def _json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def _read_archive(source: Path) -> tuple[dict, dict[str, bytes]]:
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            members = {}
            for info in archive.getmembers():
                if not info.isfile():
                    raise BackupError(f"Unexpected member {info.name!r}.")
                name = Path(info.name)
                if name.is_absolute() or ".." in name.parts:
                    raise BackupError(f"Unsafe path {info.name!r} in the archive.")
                members[info.name] = archive.extractfile(info).read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Not a readable backup archive: {error}") from error
    try:
        manifest = json.loads(members.pop("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("The archive has no valid manifest.json.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if set(manifest["files"]) != set(members):
        raise BackupError("The archive's files do not match its manifest.")
    for name, content in members.items():
        if _sha256(content) != manifest["files"][name]:
            raise BackupError(f"{name} is damaged: its SHA-256 does not match the manifest.")
    return manifest, members


def _database_is_empty() -> bool:
    checked = ["strategies.Organisation", "strategies.PolicyStatement", "proposals.Blueprint"]
    if any(apps.get_model(label).objects.exists() for label in checked):
        return False
    return not apps.get_model(settings.AUTH_USER_MODEL).objects.exists()


def backup_restore(*, source: Path) -> dict:
    """Restore an archive made by ``backup_create`` into this (migrated, empty) install."""
    manifest, members = _read_archive(source)
    current = _migration_state()
    missing = {
        app: name for app, name in manifest["migrations"].items() if current.get(app, "") < name
    }
    if missing:
        raise BackupError(f"Run migrate first; this install is behind the backup: {missing}.")
    if not _database_is_empty():
        raise BackupError("This database already holds data; restore only into a fresh install.")
    media_root = Path(settings.MEDIA_ROOT)
    for name in members:
        if name.startswith("media/") and (media_root / name[len("media/") :]).exists():
            raise BackupError(f"{name} already exists under MEDIA_ROOT; refusing to overwrite.")

    data = members["data.json"]
    with transaction.atomic():
        # Save each object as soon as it is read: later objects find earlier ones by natural key.
        models, deferred = set(), []
        for obj in serializers.deserialize("json", data, handle_forward_references=True):
            obj.save()
            models.add(type(obj.object))
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()
        _reset_sequences(models)
        _verify_pdfs()
    for name, content in members.items():
        if name.startswith("media/"):
            target = media_root / name[len("media/") :]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    return manifest


def _reset_sequences(models) -> None:
    statements = connection.ops.sequence_reset_sql(_no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _no_style():
    from django.core.management.color import no_style

    return no_style()


def _verify_pdfs() -> None:
    SubmissionPDF = apps.get_model("proposals", "SubmissionPDF")
    for pdf in SubmissionPDF.objects.only("sha256", "content").iterator():
        if _sha256(bytes(pdf.content)) != pdf.sha256:
            raise BackupError(f"Archived PDF {pdf.pk} does not match its SHA-256.")
