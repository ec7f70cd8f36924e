#!/usr/bin/env python3
"""Validate scenario files against the renewal-trade JSON Schema.

Usage: check-schema.py SCHEMA FILE...

Each FILE is read as JSON when its name ends in .json, else as YAML. Prints
`ok FILE` for a valid file, or one `invalid FILE: path: message` line per
problem, and exits 0 only if every file is valid. The schema checks structure
only; cross-references (unknown ids, convex costs, multiples of step) are the
validator's job.

Needs PyYAML and jsonschema (4.18 or later for draft 2020-12).
"""

import json
import sys

import yaml
from jsonschema import Draft202012Validator


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys, which JSON Schema cannot see."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path):
    with open(path, encoding="utf-8") as handle:
        if path.endswith(".json"):
            return json.load(handle)
        return yaml.load(handle, Loader=_StrictLoader)


def render_path(parts):
    """`programs[2].funding.base`, the same form the validator uses."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(document)"


def describe(error):
    """The error's message, in the format's words where jsonschema would print a whole object."""
    path = list(error.schema_path)
    instance = error.instance
    is_object = isinstance(instance, dict)
    if error.validator == "not" and path[-2:] == ["then", "not"]:
        if is_object and "kind" in instance:
            return "a binary lever takes neither min nor max (its quantity is 0 or step)"
        return "equals stands alone: drop atMost and atLeast"
    if error.validator == "anyOf" and path[-2:] == ["else", "anyOf"]:
        return "a constraint needs atMost, atLeast or equals"
    if error.validator == "anyOf" and is_object and "element" in instance:
        return "a program needs at least one of funding, concession or expandsEnvelope"
    if error.validator == "not" and is_object and "element" in instance:
        return "a program has funding or concession, not both"
    if error.validator == "oneOf" and path[-3:-1] == ["allOf", 0]:
        return "a condition names exactly one of lever or metric"
    if error.validator == "oneOf" and path[-3:-1] == ["allOf", 1]:
        return "a condition has exactly one of atLeast or atMost"
    if error.validator == "oneOf" and path[-2:] == ["discount", "oneOf"]:
        return "discount is true, false or {maxPct: F} with F >= 0 and no other key"
    return error.message


def main(argv):
    if len(argv) < 3:
        print("usage: check-schema.py SCHEMA FILE...", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)

    all_valid = True
    for path in argv[2:]:
        try:
            document = load(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            message = " ".join(str(error).split())
            print(f"invalid {path}: (document): cannot read: {message}")
            all_valid = False
            continue
        errors = sorted(validator.iter_errors(document),
                        key=lambda e: (list(map(str, e.absolute_path)), describe(e)))
        if not errors:
            print(f"ok {path}")
            continue
        all_valid = False
        for error in errors:
            print(f"invalid {path}: {render_path(error.absolute_path)}: {describe(error)}")
    return 0 if all_valid else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
