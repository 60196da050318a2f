"""Writing a scenario's history as hive-partitioned Parquet under the one root all scenarios share."""

import shutil
import uuid
from pathlib import Path

import duckdb


def scenario_dir(root: str, scenario: str) -> Path:
    """`<root>/scenario=<name>`: read_parquet('<root>/**/*.parquet', hive_partitioning = true) reads every
    scenario back as one dataset, with `scenario` as a column."""
    return Path(root) / f"scenario={scenario}"


def write_history_parquet(database: Path, target_table: str, out: Path) -> None:
    """The scenario's whole history, partitioned by the year each version was first seen, ZSTD.

    Written beside `out` and renamed into place, so readers see the previous export or the new one.
    Stand-in until `scd-parallel export --out DIR` lands on main; this is the one function to swap.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.{uuid.uuid4().hex}.tmp"
    connection = duckdb.connect(str(database), read_only=True)
    try:
        table = ".".join(f'"{part}"' for part in target_table.split("."))
        connection.execute(
            f"COPY (SELECT * FROM {table}) TO '{staging}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (simulation_year))"
        )
    finally:
        connection.close()
    previous = out.parent / f".{out.name}.{uuid.uuid4().hex}.old"
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
