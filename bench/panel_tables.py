"""The tables route's speed: a logged table of ``--runs`` runs x ``--rows`` rows, paged,
sorted and filtered (``POST /api/v1/{entity}/{project}/tables``), in-process.

Each run's table is a ``wandb.Table`` file as the SDK writes it (five columns: an id, a
label, a score, a text and an image reference). Prints the time of each request: the
first (the files parsed), the same page again (parsed tables cached), a sort and its
next page (the order kept), a filter the first time and with the cells' text known.

    python bench/panel_tables.py [--runs 20] [--rows 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.runs.seed import write_run
from tests.server.conftest import basic, in_process

from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

TABLE = "media/tables/predictions_1_abc.table.json"


def seed(home: Path, store: Store, history: Any, runs: int, rows: int) -> list[str]:
    rng = random.Random(0)
    names = []
    for r in range(runs):
        name = f"run{r:03d}"
        data = [
            [
                i,
                rng.choice("abcdefghij"),
                rng.random(),
                f"sample {i}",
                {"_type": "image-file", "path": f"media/images/{i}.png"},
            ]
            for i in range(rows)
        ]
        body = {"columns": ["id", "label", "score", "text", "image"], "data": data}
        path = home / "files" / "ent" / "bench" / name / TABLE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body))
        summary = {"predictions": {"_type": "table-file", "path": TABLE, "nrows": rows}}
        write_run(store, history, "ent", "bench", name, summary=summary)
        names.append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="panelbank-tables-"))
    settings = load_settings(home=home)
    store = Store.open(settings.database_url)
    key = store.create_api_key("ent", "bench")
    app = create_app(settings, store=store)
    runs = seed(home, store, app.state.history, args.runs, args.rows)
    cases: list[tuple[str, dict[str, Any]]] = [
        ("first page (files parsed)", {}),
        ("first page again (parsed tables cached)", {}),
        ("sorted by score", {"sort": "score", "desc": True}),
        ("its next page (order kept)", {"sort": "score", "desc": True, "offset": 50}),
        ("filtered 'sample 99' (cell texts made)", {"filter": "sample 99"}),
        ("filtered 'sample 98' (cell texts known)", {"filter": "sample 98"}),
    ]
    with in_process(app, basic(key)) as client:
        for label, extra in cases:
            started = time.perf_counter()
            body = {"runs": runs, "key": "predictions", "limit": 50, **extra}
            response = client.post("/api/v1/ent/bench/tables", json=body)
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            print(f"{label:42s} {elapsed * 1000:7.0f} ms  ({response.json()['total']} rows match)")
    store.close()


if __name__ == "__main__":
    main()
