"""The layers ARCHITECTURE.md describes hold: nothing imports upward, and Rich stays in render/."""

from __future__ import annotations

import ast
import re

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "promo_ops"
DOC = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")


def _layers():
    """module -> layer number, read from ARCHITECTURE.md's table (`| N | name | modules |`)."""
    out = {}
    for number, modules in re.findall(r"^\| (\d) \| [^|]+ \| ([^|]+) \|", DOC, re.M):
        for name in re.findall(r"`([a-z_.]+)`", modules):
            out[name] = int(number)
    return out


LAYERS = _layers()


def _module_name(path):
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


MODULES = sorted(PACKAGE.rglob("*.py"))
NAMES = {_module_name(p) for p in MODULES}


def _imports(path):
    """promo_ops modules a file imports, anywhere in it (late imports count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "promo_ops":
            base = node.module[len("promo_ops."):] if node.module != "promo_ops" else ""
            for alias in node.names:
                name = f"{base}.{alias.name}".strip(".")
                found.add(name if name in NAMES else base)
        elif isinstance(node, ast.Import):
            found |= {a.name[len("promo_ops."):] for a in node.names if a.name.startswith("promo_ops.")}
    return found - {"", "__version__"}


def _layer(module):
    while module not in LAYERS and "." in module:
        module = module.rsplit(".", 1)[0]
    return LAYERS.get(module)




def test_the_architecture_table_names_every_module():
    names = {_module_name(p) for p in MODULES} - {"__init__", "__main__"}
    unplaced = sorted(n for n in names if _layer(n) is None)
    assert not unplaced, f"add these to ARCHITECTURE.md's layer table: {unplaced}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_higher_layer(path):
    me = _layer(_module_name(path))
    if me is None:  # the package's own __init__ and __main__
        return
    upward = sorted(f"{dep} (layer {_layer(dep)})" for dep in _imports(path)
                    if _layer(dep) is not None and _layer(dep) > me)
    assert not upward, f"{_module_name(path)} (layer {me}) imports upward: {upward}"


RICH_ALLOWED = {"render.text", "render.prompt", "render.progress"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_terminal_renderers_import_rich(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rich = [n.lineno for n in ast.walk(tree)
            if (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "rich")
            or (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "rich" for a in n.names))]
    if _module_name(path) not in RICH_ALLOWED:
        assert not rich, f"{path.name} imports Rich at lines {rich}; Rich belongs in render/text, prompt or progress"


def test_frozen_records_are_never_patched_after_construction():
    """The model is built complete: only record.py itself may set a record's attributes."""
    offenders = [f"{p.relative_to(PACKAGE)}:{i}" for p in MODULES if p.name != "record.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if "object.__setattr__" in line]
    assert not offenders


def test_the_coverage_formula_is_written_once():
    """Ranking, "what would help most", compare and paths all score through scoring.need_sixths."""
    offenders = [f"{p.relative_to(PACKAGE)}:{i}" for p in MODULES if p.name != "scoring.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if "6 //" in line or "/ total" in line]
    assert not offenders


def test_a_knowledge_base_loaded_from_another_path_says_where_it_is(tmp_path):
    from promo_ops import knowledge

    first = knowledge.load(knowledge.builtin_path())
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(open(knowledge.builtin_path(), "rb").read())
    again = knowledge.load(str(copy))
    assert again.path == str(copy) and again == first.replace(path=str(copy))
    assert knowledge.load(knowledge.builtin_path()).path == knowledge.builtin_path()
