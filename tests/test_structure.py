"""The library's shape: no import cycle inside routes/ (imports inside functions and modules
loaded by name through importlib count too), and no private name (`_x`) imported from
another module: what one module takes from another is that module's public face."""
from __future__ import annotations

import ast
import functools
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("routes", "ui")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}
    found["app"] = ROOT / "app.py"
    return found


def imported(path: Path, name: str, known: set[str]) -> list[tuple[str, list[str]]]:
    """(module, names taken from it) for every import in the file, wherever it stands."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [alias.name for alias in node.names]
            # `from routes.export import command` imports the module routes.export.command
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in known]
            out += [(m, []) for m in submodules]
            out.append((base, [n for n in names if f"{base}.{n}" not in known]))
    # modules loaded by name: any string naming a module, in a file that calls import_module
    if "import_module" in path.read_text(encoding="utf-8"):
        out += [(node.value, []) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known]
    return out


@functools.cache
def graph() -> tuple[dict[str, set[str]], list[str]]:
    mods = modules()
    known = set(mods)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    private = []
    for name, path in mods.items():
        for target, names in imported(path, name, known):
            if target in known and target != name:
                edges[name].add(target)
                private += [f"{name} imports {target}.{n}" for n in names
                            if n.startswith("_") and not n.endswith("__")]
    return edges, private


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_inside_routes():
    edges, _ = graph()
    library = {m: {t for t in ts if t.startswith("routes")} for m, ts in edges.items() if m.startswith("routes")}
    # a package's __init__ importing its own modules is how a package shows its face, not a cycle
    for m, ts in library.items():
        library[m] = {t for t in ts if not m.startswith(t + ".")}
    assert cycles(library) == []


def test_the_library_never_imports_the_interface():
    edges, _ = graph()
    upward = [f"{m} -> {t}" for m, ts in edges.items() if m.startswith("routes") for t in ts
              if t == "app" or t.startswith("ui")]
    assert upward == []


def test_no_private_name_is_imported_from_another_module():
    _, private = graph()
    assert private == []


def test_the_checks_see_what_they_look_for(tmp_path):
    # the cycle finder finds a cycle, and the import reader reads lazy and importlib imports
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    source = tmp_path / "m.py"
    source.write_text("import importlib\nNAMES = ('routes.z',)\n\ndef f():\n    from routes.x import _y\n"
                      "    return [importlib.import_module(n) for n in NAMES]\n")
    found = imported(source, "routes.m", {"routes.x", "routes.z"})
    assert ("routes.x", ["_y"]) in found and ("routes.z", []) in found


def private_uses(path: Path) -> list[str]:
    """`module._name` reads and `from module import _name` of third-party modules in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported_modules = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                        for alias in node.names}
    found = [f"{node.value.id}.{node.attr}" for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
             and node.value.id in imported_modules and node.attr.startswith("_") and not node.attr.endswith("__")]
    found += [f"{node.module}.{alias.name}" for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and not node.level and node.module
              and not node.module.startswith(PACKAGES) for alias in node.names
              if alias.name.startswith("_") and not alias.name.endswith("__")]
    return found


def test_no_private_name_of_a_dependency_is_used():
    # the map component goes through public interfaces (ui/mapcomponent.py), not
    # streamlit-folium's private helpers
    used = [f"{name}: {use}" for name, path in modules().items() for use in private_uses(path)]
    assert used == []


def test_the_private_use_check_sees_a_private_call(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import streamlit_folium\nfrom folium import _x\nstreamlit_folium._component_func(a=1)\n")
    assert private_uses(source) == ["streamlit_folium._component_func", "folium._x"]


# --- the layout: a folder per stage (CSV → itinerary → places → geometry → view → outputs) ---
# routes/ holds __init__.py, __main__.py and one package per stage, in the order the data flows;
# a stage imports from itself and the stages before it, never from a later one.
STAGES = ("reading", "itinerary", "places", "geometry", "view", "mapview", "export", "draft", "cli")
# Imports against the flow allowed as exceptions (none now; to be removed, never added to).
KNOWN_UPWARD: set[str] = set()


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "routes" and len(parts) > 1 and parts[1] in STAGES else None


def test_routes_holds_only_the_stages():
    top = ROOT / "routes"
    assert sorted(p.name for p in top.glob("*.py")) == ["__init__.py", "__main__.py"]
    packages = sorted(p.name for p in top.iterdir() if p.is_dir() and any(p.glob("*.py")))
    assert packages == sorted(STAGES)
    assert all((top / name / "__init__.py").is_file() for name in STAGES)


def test_no_stage_imports_a_later_stage():
    edges, _ = graph()
    upward = sorted(f"{m} -> {t}" for m, ts in edges.items() if stage_of(m) for t in ts
                    if stage_of(t) and STAGES.index(stage_of(t)) > STAGES.index(stage_of(m)))
    assert [edge for edge in upward if edge not in KNOWN_UPWARD] == []


def test_no_import_cycle_between_stages_but_the_known_ones():
    edges, _ = graph()
    between = {s: set() for s in STAGES}
    for m, ts in edges.items():
        for t in ts:
            if stage_of(m) and stage_of(t) and stage_of(m) != stage_of(t) \
                    and f"{m} -> {t}" not in KNOWN_UPWARD:
                between[stage_of(m)].add(stage_of(t))
    assert cycles(between) == []
