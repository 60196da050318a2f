"""Reading the lake mode's histories straight from the lake, with Python's DuckDB and its ducklake extension.

scd-parallel writes each scenario's history to its own table of one lake (`scenario_<name>`); `scenario_history`,
a view in the lake, puts them together with `scenario` as a column, so that any DuckDB client that attaches the
lake reads every scenario in one query, as the file mode's readers read its Parquet root. This DuckDB must be the
one the CLI is built on (requirements.txt pins it): an extension loads only into the DuckDB release it was built
for, and scd-parallel's extension directory (SCD_EXTENSION_DIR) holds that release's.
"""

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import Failure

# What the view is called in the lake, and what this module attaches the lake as.
HISTORY_VIEW = "scenario_history"
ALIAS = "lake"


def attach_target(catalog: str) -> str:
    """ATTACH's target for a catalog written as scd-parallel's --lake takes it: `postgres:LIBPQ`, `sqlite:PATH`, or a
    DuckDB file's path, with or without `ducklake:` in front (the CLI's LakeCatalog.parse, in src/sql/lake-spec.ts)."""
    bare = re.sub(r"^ducklake:", "", catalog, flags=re.IGNORECASE)
    prefixed = re.match(r"^(sqlite|postgres|duckdb):(.*)$", bare, flags=re.IGNORECASE | re.DOTALL)
    kind, rest = (prefixed.group(1).lower(), prefixed.group(2)) if prefixed else ("duckdb", bare)
    if kind == "postgres":
        return f"ducklake:postgres:{rest}"
    path = str(Path(rest).resolve())
    return f"ducklake:{path}" if kind == "duckdb" else f"ducklake:sqlite:{path}"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def connect(catalog: str, extension_dir: str = "", *, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with the lake attached as `lake` (read-only unless `read_only` is false). A reader
    sees the lake's last commit: a run in progress holds its own transaction, and never blocks it."""
    config = {"extension_directory": extension_dir} if extension_dir else {}
    with duckdb.connect(config=config) as db:
        try:
            db.execute("LOAD ducklake")
        except duckdb.Error as error:
            raise Failure(
                f"DuckDB {duckdb.__version__} cannot load ducklake from {extension_dir or 'its default directory'}: "
                f"{str(error).splitlines()[0]} (it needs v{duckdb.__version__}/<platform>/ducklake.duckdb_extension)"
            ) from error
        # The libpq string stays out of the message: it may hold a password.
        try:
            db.execute(f"ATTACH {_literal(attach_target(catalog))} AS {ALIAS}{' (READ_ONLY)' if read_only else ''}")
        except duckdb.Error as error:
            raise Failure(f"the lake cannot be attached: {str(error).splitlines()[0]}") from error
        yield db


def replace_history_view(db: duckdb.DuckDBPyConnection, tables: Mapping[str, str]) -> None:
    """(Re)creates the view of every scenario's history: the tables by scenario, one above the other, with the
    scenario as the first column. The view names its tables without a catalog, so it reads the lake it is in,
    whatever name a reader attaches the lake under. A scenario without a table yet is an error, not a gap."""
    present = {name for (name,) in db.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'", [ALIAS]
    ).fetchall()}
    missing = sorted(s for s, t in tables.items() if t not in present)
    if missing:
        raise Failure(f"no history in the lake yet for scenario(s) {', '.join(missing)}: materialize their scd_history")
    union = " UNION ALL BY NAME ".join(
        f"SELECT {_literal(scenario)} AS scenario, * FROM {_ident(table)}" for scenario, table in sorted(tables.items())
    )
    db.execute(f"CREATE OR REPLACE VIEW {ALIAS}.{HISTORY_VIEW} AS {union}")


def versions_by_scenario_and_period(db: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """From the view, in one query: each scenario's versions by the year they start in (the period that made
    them: the effective dates are year ends)."""
    rows = db.execute(
        f"SELECT scenario, year(dbt_valid_from), count(*) FROM {ALIAS}.{HISTORY_VIEW} GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    versions: dict[str, dict[str, int]] = {}
    for scenario, year, count in rows:
        versions.setdefault(scenario, {})[str(year)] = count
    return versions
