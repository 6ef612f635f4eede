"""Build src/fairsift/data/skill-frequency.tsv: in how many resumes of a background corpus each
lexicon skill occurs (document frequency). fairsift derives a skill's specificity from it: a
skill most people list ("communication", "MS Office") tells candidates apart less than one few
people have ("Yocto", "Django").

Background corpus: the 267 resumes of resume-ner-cc0 (CC0; mixed fields: teaching, law, HR,
software, research ...), tags stripped. It is not an evaluation set of screening. Only counts
are bundled, never text.

Run: python scripts/build_skill_frequency.py [../shared/data/resumes/resume-ner-cc0/cvs]
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path

from fairsift.lexicon import find_skills

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "resumes" / "resume-ner-cc0" / "cvs"
TARGET = ROOT / "src" / "fairsift" / "data" / "skill-frequency.tsv"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else SOURCE
    files = sorted(folder.glob("*.xml"))
    counts: Counter[str] = Counter()
    for path in files:
        text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
        counts.update({m.canonical for m in find_skills(text)})
    lines = [
        "# Document frequency of lexicon skills in a background corpus of resumes.",
        f"# documents\t{len(files)}",
        "# source: resume-ner-cc0 (CC0), built by scripts/build_skill_frequency.py",
    ]
    lines += [
        f"{skill}\t{n}" for skill, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(files)} resumes, {len(counts)} skills -> {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
