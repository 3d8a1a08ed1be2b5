"""Make the screen's Thai web fonts: Laksaman subset to the Thai block, as WOFF2.

    python tools/subset_fonts.py          # writes static/fonts/laksaman/web/*.woff2
    python tools/subset_fonts.py --check  # fail if a subset is missing or lacks a Thai glyph

The full TTFs (``static/fonts/laksaman/*.ttf``) stay as they are: WeasyPrint embeds them in
the PDFs (``print.css``, ``letter.css``). The screen (``app.css``) uses the faces only for
``unicode-range: U+0E00-0E7F, U+200B-200D`` — Latin text is set in the system font — so the
web faces carry exactly that range: every Thai character the font has (not only those of
today's translations: people type province names, plans and comments in any Thai letter),
the zero-width space and joiners, and the glyphs the font's own GSUB/GPOS features reach
from them (tone marks moved up, the tail-less yo ying and tho than under a vowel, mark
positioning). Hinting is kept: Thai marks are small at 16 px on the office PCs' Windows.
Latin (~420 glyphs) goes, as do the FontForge timestamp table. Regular: 114 kB TTF (52 kB
brotli'd) → 16 kB WOFF2.

The subsets are the licence's "modified versions" (GNU GPL 2 with the font exception, in
``static/fonts/laksaman/LICENSE``), under the same licence and names.
"""

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "static" / "fonts" / "laksaman"
TARGET = SOURCE / "web"
FACES = ["Laksaman", "Laksaman-Bold", "Laksaman-Italic", "Laksaman-BoldItalic"]
# The unicode-range of the "Blueprint Thai" faces in static/css/app.css.
UNICODE_RANGE = [*range(0x0E00, 0x0E80), *range(0x200B, 0x200E)]


def wanted(source: Path) -> set[int]:
    """The code points of the unicode-range that the full font has."""
    cmap = TTFont(source).getBestCmap()
    return {code for code in UNICODE_RANGE if code in cmap}


def make(face: str) -> Path:
    source, target = SOURCE / f"{face}.ttf", TARGET / f"{face}.woff2"
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # every feature: Thai mark placement and substitutions
    options.hinting = True
    options.drop_tables += ["FFTM"]
    options.name_IDs = ["*"]  # keep the names (and the licence notice in them)
    options.name_languages = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted(source))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    return target


def check() -> list[str]:
    problems = []
    for face in FACES:
        target = TARGET / f"{face}.woff2"
        if not target.exists():
            problems.append(f"{target.relative_to(ROOT)} is missing")
            continue
        missing = wanted(SOURCE / f"{face}.ttf") - set(TTFont(target).getBestCmap())
        if missing:
            problems.append(
                f"{target.name} lacks " + " ".join(f"U+{code:04X}" for code in sorted(missing))
            )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only check the subsets.")
    args = parser.parse_args()
    if not args.check:
        TARGET.mkdir(exist_ok=True)
        for face in FACES:
            target = make(face)
            before = (SOURCE / f"{face}.ttf").stat().st_size
            print(f"{target.relative_to(ROOT)}: {before:,} → {target.stat().st_size:,} bytes")
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
