"""The house is in rooms (CONTRIBUTING.md): each room imports only the rooms below it."""

import ast
from pathlib import Path

PIPELINES = Path(__file__).resolve().parents[1] / "pipelines"
# Lowest first. sample/ writes a made-up city from core alone; cli/ may use every room.
ROOMS = ["core", "quality", "reading", "store", "reports", "portal", "build", "defs", "cli"]
ALONE = {"sample": {"core", "sample"}}
ALSO = {"cli": {"sample"}}  # `thidua sample` writes the made-up city


def _imports(path: Path) -> set[str]:
    """The rooms a module imports (function-level imports too)."""
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pipelines" and len(parts) > 1:
                # definitions.py is the code location's entry: it loads defs/
                rooms.add("defs" if parts[1] == "definitions" else parts[1])
    return rooms


def test_every_room_imports_only_the_rooms_below_it():
    wrong = []
    for path in sorted(PIPELINES.rglob("*.py")):
        room = path.relative_to(PIPELINES).parts[0]
        if room not in ROOMS and room not in ALONE:
            continue  # definitions.py: the code location's entry, loads defs/
        allowed = ALONE.get(room) or set(ROOMS[: ROOMS.index(room) + 1]) | ALSO.get(room, set())
        for other in _imports(path) - allowed:
            wrong.append(f"{path.relative_to(PIPELINES)} imports {other}")
    assert not wrong, wrong


def test_every_module_is_in_a_room():
    loose = [
        path.name
        for path in PIPELINES.glob("*.py")
        if path.name not in ("__init__.py", "definitions.py")
    ]
    folders = {p.name for p in PIPELINES.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert not loose and folders <= set(ROOMS) | set(ALONE), (loose, folders)


# "About 400 lines a module, 60 a function" (CONTRIBUTING.md), with a little slack for
# the ones that are mostly data (specs.py: the contract's sheets and headers).
MODULE_LINES, FUNCTION_LINES = 450, 65


def test_modules_and_functions_stay_small():
    big = []
    for path in sorted(PIPELINES.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(PIPELINES)
        if text.count("\n") > MODULE_LINES:
            big.append(f"{where}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    big.append(f"{where}: {node.name} has {length} lines")
    assert not big, big
