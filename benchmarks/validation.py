"""Validation benchmark: the JSON Schema check of a 100,000-issue exchange file.

Prints, for the same file (the one benchmarks/exchange.py makes):

* reading it: ``json.loads`` as is, and the strict reading an import does (duplicate
  keys, NaN and infinities refused);
* the schema check with jsonschema-rs (formats checked), the hand-written fast_schema
  where this tree still has it, and jsonschema with its format checker (the slow one;
  ``--no-jsonschema`` leaves it out);
* the field rules every record meets (forumdesk.exchange.validate).

Usage: python benchmarks/validation.py [--issues N] [--no-jsonschema] [--keep FILE]
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from exchange import make_source

from forumdesk.db.store import open_database
from forumdesk.exchange import export, read, validate
from forumdesk.exchange.schema import shipped


def timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--no-jsonschema", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the exchange file there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = open_database(str(make_source(folder, args.issues)))
        file = folder / "all.forumdesk.json"
        with source.session() as s:
            export.write(s, file, export.Selection())
        source.dispose()
        if args.keep:
            shutil.copyfile(file, args.keep)
        text = file.read_text(encoding="utf-8")
    print(f"exchange file of {args.issues:,} issues ({len(text.encode()) / 1e6:.0f} MB)")
    plain, doc = timed(lambda: json.loads(text))
    strict, _ = timed(lambda: read._parse(text))
    print(f"  json.loads:                          {plain:7.2f} s")
    print(f"  strict reading (duplicates, NaN):    {strict:7.2f} s")

    import jsonschema_rs

    compiled, validator = timed(
        lambda: jsonschema_rs.Draft202012Validator(shipped(), validate_formats=True)
    )
    rs, errors = timed(lambda: list(validator.iter_errors(doc)))
    assert not errors, errors[:3]
    print(f"  jsonschema-rs:                       {rs:7.2f} s  (compiling {compiled:.3f} s)")

    try:
        fast_schema = importlib.import_module("forumdesk.exchange.fast_schema")
    except ModuleNotFoundError:
        print("  fast_schema:                         (not in this tree any more)")
    else:
        compiled, check = timed(lambda: fast_schema.compile_schema(shipped(), max_depth=40))
        fast, ok = timed(lambda: check(doc))
        assert ok
        print(f"  fast_schema:                         {fast:7.2f} s  (compiling {compiled:.3f} s)")

    try:
        import jsonschema
    except ModuleNotFoundError:
        jsonschema = None
        print("  jsonschema:                          (not installed)")
    if jsonschema is not None and not args.no_jsonschema:
        slow_validator = jsonschema.Draft202012Validator(
            shipped(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        slow, errors = timed(lambda: list(slow_validator.iter_errors(doc)))
        assert not errors
        print(f"  jsonschema (format checker):         {slow:7.2f} s")

    rules, problems = timed(lambda: validate.problems(doc))
    assert not problems, problems[:3]
    print(f"  field rules of every record:         {rules:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
