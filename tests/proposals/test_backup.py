"""Backup and restore: a round trip onto a fresh install gives identical content and hashes."""

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from proposals.backup import dump_database
from proposals.models import Snapshot
from proposals.pdf.archive import archive_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def rows(dump: bytes):
    """The dump without the audit events of the backup/restore itself, in a stable order."""
    data = [
        row
        for row in json.loads(dump)
        if not (row["model"] == "strategies.auditevent" and row["fields"]["action"] == "backup")
    ]
    # Django's serializer keeps times to the millisecond and writes a time whose microseconds
    # are 1-999 as "…09.000Z" but, once restored with none, as "…09Z": the same instant.
    text = json.dumps(data, ensure_ascii=False)
    data = json.loads(re.sub(r'(T\d{2}:\d{2}:\d{2})\.000(Z|[+-]\d{2}:\d{2})"', r'\1\2"', text))
    return sorted(data, key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False))


def differences(before, after) -> str:
    """Which rows the restore lost or gained (a failure message that names them)."""
    from collections import Counter

    def key(row):
        return json.dumps(row, sort_keys=True, ensure_ascii=False)

    lost = Counter(map(key, before)) - Counter(map(key, after))
    gained = Counter(map(key, after)) - Counter(map(key, before))
    return f"lost {len(lost)}: {list(lost)[:5]}\ngained {len(gained)}: {list(gained)[:5]}"


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_round_trip_onto_a_fresh_install(tmp_path, settings, submitted_blueprint):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    exports = Path(settings.MEDIA_ROOT) / "exports"
    exports.mkdir(parents=True)
    (exports / "รอบที่1.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    snapshot = Snapshot.objects.get(blueprint=submitted_blueprint)
    pdf = archive_for(snapshot)
    before = dump_database()

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["proposals.submissionpdf"] == 1
    assert "media/exports/รอบที่1.zip" in manifest["files"]

    # A fresh install: its own database file and media folder, then restore.
    fresh = tmp_path / "fresh"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{fresh / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(fresh / "media"),
    }
    fresh.mkdir()
    manage("migrate", "--noinput", "-v0", env=env)
    manage("restore", str(archive), env=env)
    after = manage(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--indent=1",
        *[
            f"--exclude={label}"
            for label in ("contenttypes", "auth.permission", "sessions", "admin.logentry", "axes")
        ],
        env=env,
    ).encode()
    assert rows(after) == rows(before), differences(rows(before), rows(after))

    restored_pdf = (
        manage(
            "shell",
            "--no-imports",
            "-c",
            "from proposals.models import SubmissionPDF; import hashlib; "
            "p = SubmissionPDF.objects.get(); print(hashlib.sha256(bytes(p.content)).hexdigest())",
            env=env,
        )
        .strip()
        .splitlines()[-1]
    )
    assert restored_pdf == pdf.sha256 == hashlib.sha256(bytes(pdf.content)).hexdigest()
    assert (fresh / "media" / "exports" / "รอบที่1.zip").read_bytes().startswith(b"PK")

    # Restoring twice is refused: the install is no longer fresh.
    with pytest.raises(subprocess.CalledProcessError):
        subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
            timeout=300,
        )


def test_a_damaged_archive_is_refused_before_anything_is_written(tmp_path, settings, world):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for info in source.getmembers():
            content = source.extractfile(info).read()
            if info.name == "data.json":
                content = content.replace(b"\xe0\xb8\x8a", b"\xe0\xb8\x8b", 1)  # one Thai letter
            info.size = len(content)
            target.addfile(info, __import__("io").BytesIO(content))
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), verbosity=0)
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive), verbosity=0)
