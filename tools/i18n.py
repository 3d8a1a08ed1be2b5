"""Build the Thai and English message catalogues from the code and the translation tables.

    python tools/i18n.py          # makemessages, fill Thai from locale/translations/*.json, compile
    python tools/i18n.py --check  # fail if a msgid in the code has no Thai (used by CI)

Translations are kept as flat JSON tables, one per area ({"English msgid": "Thai"}), so that
people working on different parts never edit the same .po file. The .po/.mo files are generated
and committed, so a fresh checkout needs no gettext to run.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
TABLES = LOCALE / "translations"
IGNORE = [".venv", "static", "staticfiles", "tests", "bench", "tools", "test-artifacts", "media"]


def load_tables():
    table = {}
    for path in sorted(TABLES.glob("*.json")):
        for msgid, msgstr in json.loads(path.read_text(encoding="utf-8")).items():
            if msgid in table and table[msgid] != msgstr:
                print(f"note: {path.name} translates {msgid!r} differently; keeping the first")
                continue
            table[msgid] = msgstr
    return table


def makemessages():
    args = [sys.executable, "manage.py", "makemessages", "-l", "th", "-l", "en", "--no-location"]
    args += [f"--ignore={name}/*" for name in IGNORE]
    env = dict(os.environ, DJANGO_DEBUG="1")
    subprocess.run(args, cwd=ROOT, check=True, env=env, stdout=subprocess.DEVNULL)


def fill(table):
    po = polib.pofile(str(LOCALE / "th" / "LC_MESSAGES" / "django.po"))
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        # msgmerge's fuzzy guesses ("#| msgid ...") depend on the catalogue's history; drop them
        # so the same code always gives the same files.
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        thai = table.get(entry.msgid)
        if thai is None:  # the tables are the only source of Thai: no guesses survive
            missing.append(entry.msgid)
            entry.msgstr = ""
            entry.msgstr_plural = {0: ""} if entry.msgid_plural else {}
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: thai}
        else:
            entry.msgstr = thai
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "th"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po[:] = [entry for entry in po if not entry.obsolete]
    po.save()
    return missing


def compile_all():
    for lang in ("th", "en"):
        po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.metadata["POT-Creation-Date"] = "2005-03-23 00:00+0700"  # stable, so CI can diff
        po[:] = [entry for entry in po if not entry.obsolete]
        for entry in po:
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            if "fuzzy" in entry.flags and lang == "en":
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
        po.save()
        po.save_as_mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on untranslated msgids")
    options = parser.parse_args()
    makemessages()
    missing = fill(load_tables())
    compile_all()
    if missing:
        print(f"{len(missing)} msgid(s) have no Thai:")
        for msgid in missing:
            print(f"  {msgid!r}")
        if options.check:
            sys.exit(1)
    else:
        print("Every msgid has its Thai.")


if __name__ == "__main__":
    main()
