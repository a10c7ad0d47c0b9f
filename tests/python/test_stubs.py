"""The type stubs (rptdose/_rptdose.pyi, shipped with the package next to py.typed) cover every binding of the
compiled module with the same parameter names, in the same order, as the pybind11 signatures."""

import ast
import inspect
import re
from pathlib import Path

import pytest

import rptdose
import rptdose._rptdose as compiled

PACKAGE = Path(rptdose.__file__).parent
STUB = PACKAGE / "_rptdose.pyi"


def stub_tree():
    return ast.parse(STUB.read_text())


def stub_definitions(body):
    """name -> list of def nodes (several for @overload), ClassDef, or an assignment."""
    names = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.setdefault(node.target.id, []).append(node)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.setdefault(target.id, []).append(node)
    return names


def split_top_level(text):
    parts, depth, current = [], 0, ""
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    if current.strip():
        parts.append(current)
    return parts


def runtime_parameters(function):
    """Parameter names of a pybind11 function from its signature line, e.g. 'f(a: int, *, b: str = 'x') -> None'."""
    first = (function.__doc__ or "").splitlines()[0]
    match = re.match(r"\w+\((.*)\)\s*->", first)
    assert match, f"no signature in {function.__doc__!r}"
    names = []
    for part in split_top_level(match.group(1)):
        name = part.split(":")[0].split("=")[0].strip()
        if name not in ("self", "*", ""):
            names.append(name)
    return names


def stub_parameters(node):
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    return [n for n in names if n != "self"]


def public_names(obj):
    return sorted(n for n in vars(obj) if not n.startswith("_"))


def test_stub_and_marker_are_shipped():
    assert STUB.is_file() and (PACKAGE / "py.typed").is_file()
    stub_tree()  # valid Python syntax


def test_every_binding_has_a_stub():
    defined = stub_definitions(stub_tree().body)
    missing = [n for n in public_names(compiled) if n not in defined]
    assert not missing, f"add these to python/rptdose/_rptdose.pyi: {missing}"
    assert "__version__" in defined


def test_package_exports_what_the_module_has():
    exported = set(rptdose.__all__)
    missing = [n for n in public_names(compiled) if n not in exported]
    assert not missing, f"export these in python/rptdose/__init__.py: {missing}"


@pytest.mark.parametrize("name", [n for n in public_names(compiled)
                                  if inspect.isbuiltin(getattr(compiled, n)) or callable(getattr(compiled, n))])
def test_stub_signatures_match(name):
    obj = getattr(compiled, name)
    defined = stub_definitions(stub_tree().body)
    if isinstance(obj, type):
        if issubclass(obj, BaseException):
            return
        (cls,) = defined[name]
        members = stub_definitions(cls.body)
        for member in public_names(obj) + ["__init__"]:
            assert member in members, f"{name}.{member} missing from the stub"
            runtime = getattr(obj, member)
            if isinstance(runtime, property):
                continue
            for node in members[member]:
                assert stub_parameters(node) == runtime_parameters(runtime), f"{name}.{member}"
    else:
        for node in defined[name]:
            assert stub_parameters(node) == runtime_parameters(obj), name
