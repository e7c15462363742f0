"""Reading one monograph file: YAML (or JSON) text to a validated `Monograph`.

Errors name the file, the line (when the file is YAML) and the field path, and
every problem in a file is reported, not only the first. The happy path parses
once and converts once; line numbers are only looked up when something failed.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import yaml

from medcli.errors import DataError
from medcli.library.files import read_regular_file
from medcli.model import Monograph, consistency_problems
from medcli.sanitize import clean_value

MAX_FILE_BYTES = 5 * 1024 * 1024  # the largest real monograph is a few tens of kB
MAX_EXPANDED_NODES = 200_000  # guards against alias bombs ("billion laughs")

_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MSGSPEC_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)


def load_monograph(path: Path, expected_id: str | None = None) -> Monograph:
    """Load and validate the monograph in *path*; raise `DataError` listing every problem.

    When *expected_id* is given (the file's stem), a different `id` inside is an
    error: the file name is how a monograph is found.
    """
    label = path.name
    text = read_text(path)
    data = parse_document(text, label)
    monograph: Monograph | None = None
    try:
        monograph = msgspec.convert(data, Monograph)
    except msgspec.ValidationError:
        problems = validation_problems(data)  # slower, but finds every problem, not the first
    else:
        problems = consistency_problems(monograph)
        if expected_id is not None and monograph.id != expected_id:
            problems.append(f"id: {monograph.id!r} differs from the file name {expected_id!r}")
    if problems:
        raise DataError(str(path), [_locate(label, text, problem) for problem in problems])
    assert monograph is not None
    return monograph


def read_text(path: Path) -> str:
    """Read a data file as UTF-8, refusing huge, binary and undecodable files."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise DataError(str(path), [f"{path.name}: cannot read: {reason}"]) from error
    if len(raw) > MAX_FILE_BYTES:
        size = path.stat().st_size
        raise DataError(
            str(path), [f"{path.name}: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"]
        )
    if b"\x00" in raw:
        raise DataError(str(path), [f"{path.name}: binary file (contains NUL bytes)"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            str(path),
            [f"{path.name}: not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})"],
        ) from error


def parse_document(text: str, label: str) -> Any:
    """Parse YAML (JSON is YAML) into plain data, cleaned of control characters."""
    try:
        data = yaml.load(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{label}:{mark.line + 1}" if mark is not None else label
        problem = error.problem or error.context or "invalid YAML"
        raise DataError(label, [f"{where}: invalid YAML: {problem}"]) from error
    except (yaml.YAMLError, RecursionError, MemoryError) as error:
        raise DataError(label, [f"{label}: invalid YAML: {error.__class__.__name__}"]) from error
    if data is None:
        raise DataError(label, [f"{label}: empty file"])
    if not isinstance(data, dict):
        raise DataError(label, [f"{label}:1: expected a mapping of fields at the top level"])
    if _expanded_size(data, {}) > MAX_EXPANDED_NODES:
        raise DataError(label, [f"{label}: too many nodes once aliases are expanded"])
    return clean_value(data)


def validation_problems(data: dict[str, Any]) -> list[str]:
    """Every schema problem in *data* as `path: message`, field by field and item by item.

    msgspec stops at the first error, so each top-level field and each list item is
    converted on its own to collect the rest.
    """
    fields = {field.encode_name: field for field in msgspec.structs.fields(Monograph)}
    problems: list[str] = []
    for name, field in fields.items():
        if name not in data and field.required:
            problems.append(f"{name}: required field missing")
    for key, value in data.items():
        known = fields.get(key) if isinstance(key, str) else None
        if known is None:
            problems.append(f"{key}: unknown field; accepted: {', '.join(fields)}")
            continue
        problems.extend(_field_problems(key, value, known.type))
    return problems


def _field_problems(name: str, value: Any, annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is list and isinstance(value, list):
        (item_type,) = typing.get_args(annotation)
        return [
            problem
            for index, item in enumerate(value)
            for problem in _convert_problems(f"{name}[{index}]", item, item_type)
        ]
    return _convert_problems(name, value, annotation)


def _convert_problems(prefix: str, value: Any, annotation: Any) -> list[str]:
    try:
        msgspec.convert(value, annotation)
    except msgspec.ValidationError as error:
        return [_describe(prefix, str(error), annotation)]
    return []


def _describe(prefix: str, raw: str, annotation: Any) -> str:
    """Rewrite a msgspec message as `path: what was expected, got what`."""
    match = _MSGSPEC_PATH.match(raw)
    assert match is not None
    message, sub_path = match["message"], match["path"] or ""
    path = prefix + sub_path
    if unknown := re.match(r"Object contains unknown field `(.+)`", message):
        found = _type_at(annotation, sub_path)
        struct = isinstance(found, type) and issubclass(found, msgspec.Struct)
        accepted = ", ".join(f.encode_name for f in msgspec.structs.fields(found)) if struct else ""
        return f"{path}.{unknown[1]}: unknown field; accepted: {accepted}"
    if missing := re.match(r"Object missing required field `(.+)`", message):
        return f"{path}.{missing[1]}: required field missing"
    if enum := re.match(r"Invalid enum value (.+)", message):
        found = _type_at(annotation, sub_path)
        literal = typing.get_origin(found) is typing.Literal
        choices = ", ".join(str(choice) for choice in typing.get_args(found)) if literal else ""
        return f"{path}: expected one of {choices}, got {enum[1]}"
    return f"{path}: {message[0].lower()}{message[1:]}"


def _type_at(annotation: Any, sub_path: str) -> Any:
    """The type found by following *sub_path* (`.a[0].b`) from *annotation*."""
    for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", sub_path):
        annotation = _unwrap(annotation)
        if key and isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
            annotation = typing.get_type_hints(annotation, include_extras=True).get(key)
        elif index and typing.get_origin(annotation) in (list, tuple):
            arguments = typing.get_args(annotation)
            annotation = arguments[min(int(index), len(arguments) - 1)]
    return _unwrap(annotation)


def _unwrap(annotation: Any) -> Any:
    """Strip `Annotated[...]` and `X | None` down to the type that was expected."""
    while True:
        origin = typing.get_origin(annotation)
        arguments = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = arguments[0]
        elif origin in (typing.Union, types.UnionType) and type(None) in arguments:
            rest = [argument for argument in arguments if argument is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _locate(label: str, text: str, problem: str) -> str:
    """Prefix *problem* with `file:line:` using the YAML node its path points at."""
    if problem.startswith(label):
        return problem
    path = problem.split(": ", 1)[0]
    line = _line_of(text, path)
    return f"{label}:{line}: {problem}" if line else f"{label}: {problem}"


def _line_of(text: str, path: str) -> int | None:
    try:
        node: Any = yaml.compose(text, Loader=_YamlLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if isinstance(node, yaml.MappingNode) and key:
            pair = next((pair for pair in node.value if pair[0].value == key), None)
            if pair is None:
                break
            line = pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and index and int(index) < len(node.value):
            node = node.value[int(index)]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _expanded_size(data: Any, memo: dict[int, int]) -> int:
    """Node count with aliases expanded, computed once per distinct container."""
    if not isinstance(data, dict | list):
        return 1
    known = memo.get(id(data))
    if known is not None:
        return known
    memo[id(data)] = MAX_EXPANDED_NODES + 1  # a cycle counts as too big
    children: Iterator[Any] = (
        (item for pair in data.items() for item in pair) if isinstance(data, dict) else iter(data)
    )
    total = 1
    for child in children:
        total += _expanded_size(child, memo)
        if total > MAX_EXPANDED_NODES:
            break
    memo[id(data)] = total
    return total
