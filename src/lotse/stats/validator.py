"""A small JSON Schema validator for the keywords the bundle schema uses.

``jsonschema`` is not a dependency of Lotse (it only arrives with a development tool), so the
bundle schema (``schema/bundle-v1.schema.json``, draft 2020-12) sticks to a handful of
keywords and this module checks them: ``type``, ``const``, ``enum``, ``required``,
``properties``, ``additionalProperties`` (false or a schema), ``items``, ``minItems``,
``maxItems``, ``uniqueItems``, ``pattern``, ``minimum``, ``maximum``, ``maxLength`` and local
``$ref`` (``#/$defs/...``). An unknown keyword is an error, so the schema cannot quietly
outgrow the validator; the tests check that ``jsonschema`` agrees on valid and broken bundles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "bundle-v1.schema.json"
ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}
KEYWORDS = {
    "type",
    "const",
    "enum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "pattern",
    "minimum",
    "maximum",
    "maxLength",
    "$ref",
}
TYPES: Mapping[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


@cache
def bundle_schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def errors(instance: Any, schema: Mapping[str, Any] | None = None) -> list[str]:
    """Every violation as ``path: message``; empty when ``instance`` is valid."""
    root = schema if schema is not None else bundle_schema()
    return list(_check(instance, root, root, "$"))


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def _resolve(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local references are supported: {ref}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node  # type: ignore[no-any-return]


def _check(
    value: Any, schema: Mapping[str, Any], root: Mapping[str, Any], path: str
) -> Iterator[str]:
    unknown = set(schema) - KEYWORDS - ANNOTATIONS
    if unknown:
        raise ValueError(f"schema keyword not supported by this validator: {sorted(unknown)}")
    if "$ref" in schema:
        yield from _check(value, _resolve(root, schema["$ref"]), root, path)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, name) for name in names):
            yield f"{path}: expected {' or '.join(names)}"
            return
    if "const" in schema and value != schema["const"]:
        yield f"{path}: must be {schema['const']!r}"
    if "enum" in schema and value not in schema["enum"]:
        yield f"{path}: must be one of {schema['enum']}"
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield f"{path}: {value[:60]!r} does not match {schema['pattern']}"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield f"{path}: longer than {schema['maxLength']} characters"
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            yield f"{path}: less than {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            yield f"{path}: more than {schema['maximum']}"
    if isinstance(value, dict):
        yield from _check_object(value, schema, root, path)
    if isinstance(value, list):
        yield from _check_array(value, schema, root, path)


def _check_object(
    value: dict[str, Any], schema: Mapping[str, Any], root: Mapping[str, Any], path: str
) -> Iterator[str]:
    for name in schema.get("required", []):
        if name not in value:
            yield f"{path}: {name!r} is missing"
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            yield from _check(item, properties[name], root, f"{path}.{name}")
        elif extra is False:
            yield f"{path}: unexpected property {name!r}"
        elif isinstance(extra, dict):
            yield from _check(item, extra, root, f"{path}.{name}")


def _check_array(
    value: list[Any], schema: Mapping[str, Any], root: Mapping[str, Any], path: str
) -> Iterator[str]:
    if "minItems" in schema and len(value) < schema["minItems"]:
        yield f"{path}: fewer than {schema['minItems']} items"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield f"{path}: more than {schema['maxItems']} items"
    if schema.get("uniqueItems"):
        seen = [json.dumps(v, sort_keys=True) for v in value]
        if len(seen) != len(set(seen)):
            yield f"{path}: items are not unique"
    if "items" in schema:
        for index, item in enumerate(value):
            yield from _check(item, schema["items"], root, f"{path}[{index}]")
