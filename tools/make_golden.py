"""Write the stored JSON outputs that tests/test_golden.py compares against.

Each README example that prints a result is run with --json (cohort mode
prints JSON Lines already), in-process and on the built-in knowledge base, and
its stdout is stored byte for byte. Run this only when a change to the JSON
output is deliberate, and say so in the commit message:

    python tools/make_golden.py
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

# Inputs the README's examples name, written into the folder they run in.
FILES = {
    "me.yaml": "# promo-ops answers: read them back with `promo-ops advise --answers FILE`\ncurrent_role: sem\n",
    "cohort.jsonl": json.dumps({"current_role": "seo"}) + "\n"
    + json.dumps({"current_role": "content-operation", "interests": ["selling"], "skills": {"copywriting": 3}})
    + "\n" + json.dumps({"current_role": "nobody"}) + "\n",
    "survey.csv": "current_role,interests\nsem,writing;people\nfeed-ads,product\n",
}
STDIN = json.dumps({"current_role": "editor"}) + "\n"


def examples(readme: str):
    """(name, argv) for each README example that prints a result, as --json."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if not line.startswith("promo-ops") or line == "promo-ops advise":
                continue
            argv = shlex.split(re.split(r"\s[|>]\s", line)[0])[1:]
            # Files written as a side effect are not what this pins; the printed result is.
            argv = _drop(argv, ("--save", "--report"))
            if "--batch" not in argv and "--json" not in argv and "json" not in argv:
                argv = _drop(argv, ("--format",)) + ["--json"]
            name = re.sub(r"[^a-z0-9]+", "-", " ".join(argv).lower()).strip("-")
            out.append((name, argv))
    return sorted(set((n, tuple(a)) for n, a in out))


def _drop(argv, options):
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in options:
            skip = True
            continue
        out.append(a)
    return out


def produce(run, folder: Path):
    """{name: stdout} for every example, run inside `folder` with the example inputs there."""
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    from promo_ops import knowledge

    (folder / "my-roles.yaml").write_bytes(Path(knowledge.builtin_path()).read_bytes())
    outputs = {}
    for name, argv in examples((ROOT / "README.md").read_text(encoding="utf-8")):
        result = run(*argv, input=STDIN)
        outputs[name] = (list(argv), result.code, result.stdout)
    return outputs


def main() -> int:
    import os
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import run  # the same in-process runner the tests use

    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.json"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        here = os.getcwd()
        os.chdir(tmp)
        try:
            outputs = produce(run, Path(tmp))
        finally:
            os.chdir(here)
    for name, (argv, code, stdout) in outputs.items():
        record = {"argv": argv, "exit_code": code, "stdout": stdout}
        (GOLDEN / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    print(f"wrote {len(outputs)} stored outputs to {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
