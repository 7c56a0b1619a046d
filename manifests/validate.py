#!/usr/bin/env python3
"""Validate Sanad files and command output against the JSON Schemas in this folder.

Usage:
  validate.py SCHEMA FILE...           each FILE is one JSON document (YAML too, for intake-manifest)
  validate.py --jsonl SCHEMA FILE...   each line of each FILE is one document (custody.jsonl)
  validate.py --workspace DIR          sanad-case.json, items/*.json and every custody.jsonl line

SCHEMA is a schema name ("item", "item.schema.json") or a path to a schema file.
Exit status: 0 all valid, 1 something did not validate, 2 usage error or unreadable input.
Needs Python 3.9+ with jsonschema >= 4.18 (and PyYAML for YAML manifests).
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

HERE = pathlib.Path(__file__).resolve().parent


def load_registry():
    resources = []
    for path in sorted(HERE.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def schema_for(name, registry):
    path = pathlib.Path(name)
    if not path.is_file():
        stem = name[: -len(".schema.json")] if name.endswith(".schema.json") else name
        path = HERE / f"{stem}.schema.json"
    if not path.is_file():
        known = ", ".join(p.name[: -len(".schema.json")] for p in sorted(HERE.glob("*.schema.json")))
        raise SystemExit(usage_error(f"unknown schema '{name}' (known: {known})"))
    return Draft202012Validator(json.loads(path.read_text(encoding="utf-8")), registry=registry)


def usage_error(message):
    print(f"validate.py: error: {message}", file=sys.stderr)
    return 2


def no_duplicates(pairs):
    # Sanad rejects duplicate member names (RFC 8785 needs I-JSON); so does this check.
    keys = [k for k, _ in pairs]
    dup = next((k for k in keys if keys.count(k) > 1), None)
    if dup is not None:
        raise ValueError(f"duplicate member name {dup!r}")
    return dict(pairs)


def parse_json(data):
    def bad_constant(word):
        raise ValueError(f"{word} is not JSON")
    return json.loads(data, object_pairs_hook=no_duplicates, parse_constant=bad_constant)


def parse_yaml(text):
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # Like Sanad: timestamps stay strings (an offset must survive as written), duplicate keys are errors.
    Loader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def mapping(loader, node):
        pairs = [(loader.construct_object(k, deep=True), loader.construct_object(v, deep=True)) for k, v in node.value]
        return no_duplicates(pairs)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return yaml.load(text, Loader=Loader)


def read_document(path):
    data = pathlib.Path(path).read_bytes()
    text = data.decode("utf-8")
    first = text.lstrip(" \t\r\n\ufeff")[:1]
    # As Sanad reads manifests: JSON when the first non-blank character is '{' (or '['), else YAML.
    if path.endswith((".yaml", ".yml")) or first not in ("{", "["):
        return parse_yaml(text)
    return parse_json(text)


def report(validator, document, where):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for e in errors:
        at = "/".join(str(p) for p in e.absolute_path) or "(top level)"
        message = e.message
        if len(message) > 240:  # 'not' and 'if' failures quote the whole instance
            message = f"violates the '{e.validator}' rule {json.dumps(e.validator_value)[:160]}"
        print(f"{where}: {at}: {message}", file=sys.stderr)
    return len(errors)


def check_files(validator, files, jsonl):
    failures = 0
    count = 0
    for path in files:
        try:
            if jsonl:
                data = pathlib.Path(path).read_bytes()
                if data and not data.endswith(b"\n"):
                    print(f"{path}: the last line has no LF (an uncommitted, torn write)", file=sys.stderr)
                    failures += 1
                for n, line in enumerate(data.split(b"\n")[:-1], 1):
                    count += 1
                    try:
                        document = parse_json(line.decode("utf-8"))
                    except ValueError as e:
                        print(f"{path}:{n}: not JSON: {e}", file=sys.stderr)
                        failures += 1
                        continue
                    failures += report(validator, document, f"{path}:{n}")
            else:
                count += 1
                failures += report(validator, read_document(path), path)
        except OSError as e:
            raise SystemExit(usage_error(f"cannot read {path}: {e.strerror}"))
        except ValueError as e:
            print(f"{path}: not parseable: {e}", file=sys.stderr)
            failures += 1
    return failures, count


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    registry = load_registry()
    if argv[0] == "--workspace":
        if len(argv) != 2:
            return usage_error("--workspace takes exactly one DIR")
        root = pathlib.Path(argv[1])
        if not (root / "sanad-case.json").is_file():
            return usage_error(f"{root} is not a Sanad workspace (no sanad-case.json)")
        items = sorted(str(p) for p in (root / "items").glob("*.json"))
        plan = [
            ("case", [str(root / "sanad-case.json")], False),
            ("item", items, False),
            ("custody-entry", [str(root / "custody.jsonl")], True),
        ]
    else:
        jsonl = argv[0] == "--jsonl"
        rest = argv[1:] if jsonl else argv
        if len(rest) < 2:
            return usage_error("give a SCHEMA and at least one FILE")
        plan = [(rest[0], rest[1:], jsonl)]
    failures = 0
    for name, files, jsonl in plan:
        validator = schema_for(name, registry)
        bad, count = check_files(validator, files, jsonl)
        failures += bad
        unit = "line(s)" if jsonl else "file(s)"
        print(f"{name}: {count} {unit} checked, {'OK' if bad == 0 else f'{bad} error(s)'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
