"""One field added to ``QuickFacts`` in ``model.py`` — and no other edit — reaches every walk
of the model: ``to_dict`` / ``from_dict``, the JSON Schema, the Arrow tables and what
``parse_many``'s workers send back.

The package is copied, the one line added to the copy's ``model.py``, and the copy exercised
in a fresh interpreter. The value is set by hand: reading it from a page is the second edit
(a label in ``facts.py``), which this test does not make.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import trialparse
from tests.conftest import ROOT

NEW_FIELD = "    masking: str | None = None\n"
ANCHOR = "    interventions: tuple[str, ...] = ()\n"

SCRIPT = textwrap.dedent(
    """
    import json, pickle
    import attrs, jsonschema
    import trialparse
    from trialparse import Listing, parse, parse_many
    from trialparse._transport import pack, unpack
    from trialparse.tables import COLUMNS, to_arrow

    page = open(%(page)r, encoding="utf-8", newline="").read()
    parsed = parse(page)
    listing = attrs.evolve(parsed, facts=attrs.evolve(parsed.facts, masking="double blind"))
    data = listing.to_dict()
    schema = trialparse.json_schema()
    jsonschema.validate(data, schema)
    try:
        jsonschema.validate({**data, "facts": {**data["facts"], "masking": 3}}, schema)
        typed = False
    except jsonschema.ValidationError:
        typed = True
    tables = to_arrow([listing])
    print(json.dumps({
        "to_dict": data["facts"]["masking"],
        "from_dict": Listing.from_dict(data) == listing,
        "schema_typed": typed,
        "column": [list(c[:2]) for c in COLUMNS["trials"] if c.name == "masking"],
        "arrow": tables["trials"].column("masking").to_pylist(),
        "transport": unpack(pickle.loads(pickle.dumps(pack(listing)))) == listing,
        "parse_many": list(parse_many([page] * 40, workers=2)) == [parsed] * 40,
        "parsed_default": parsed.facts.masking,
        "copy": trialparse.__file__.startswith(%(copy)r),
    }))
    """
)


def test_a_new_quick_fact_field_flows_everywhere_with_one_edit(tmp_path: Path) -> None:
    package = Path(trialparse.__file__).parent
    copy = tmp_path / "trialparse"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    model = copy / "model.py"
    source = model.read_text(encoding="utf-8")
    assert source.count(ANCHOR) == 1
    model.write_text(source.replace(ANCHOR, ANCHOR + NEW_FIELD), encoding="utf-8")

    script = SCRIPT % {"page": str(ROOT / "fixtures" / "NCT06115902.txt"), "copy": str(copy)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {
        "to_dict": "double blind",
        "from_dict": True,
        "schema_typed": True,
        "column": [["masking", "string"]],
        "arrow": ["double blind"],
        "transport": True,
        "parse_many": True,
        "parsed_default": None,
        "copy": True,
    }
