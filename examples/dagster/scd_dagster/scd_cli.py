"""The one place that runs the scd-parallel CLI: a Dagster resource speaking its JSON contract (schema/run-report.v2.schema.json, schema/check-report.v1.schema.json)."""

import json
import os
import shlex
import subprocess
from pathlib import Path

from dagster import ConfigurableResource, Failure, RetryRequested

REPO = Path(__file__).resolve().parents[3]
# The contract versions this client reads; a report of another version fails loudly instead of being misread.
RUN_SCHEMA_VERSION = 2
CHECK_SCHEMA_VERSION = 1
# scd-parallel's exit codes (README, "Exit codes") that this client treats apart.
EXIT_CHECK_FAILED = 1
EXIT_LOCKED = 3


def default_command() -> str:
    """`SCD_PARALLEL` (e.g. `npx scd-parallel`), else this checkout's compiled CLI."""
    return os.environ.get("SCD_PARALLEL", f"node {REPO / 'bin' / 'scd-parallel.js'}")


class ScdParallel(ConfigurableResource):
    """Runs scd-parallel on one DuckDB file per scenario, kept in `data_dir`. Each scenario's history is kept in
    that file and exported to `parquet_root` (file mode) or, when `lake` names a DuckLake catalog, kept in that
    lake as the table `scenario_<name>` (lake mode), the file then being only its source."""

    command: str
    data_dir: str
    parquet_root: str
    employees: int = 2000
    # Worker threads per run: the executor already runs scenarios side by side, so one each by default.
    workers: int = 1
    # Lake mode: --lake's catalog (`postgres:LIBPQ`, `sqlite:PATH` or a DuckDB file); empty for file mode.
    lake: str = ""
    # --lake-data: where a new lake keeps its files. Only its first run needs it; the lake records it and
    # refuses another, so it is passed only when given.
    lake_data: str = ""
    # --extension-dir, DuckDB's extension directory holding ducklake; empty: the CLI's SCD_EXTENSION_DIR.
    extension_dir: str = ""

    def database(self, scenario: str) -> Path:
        return Path(self.data_dir) / f"{scenario}.duckdb"

    def history_table(self, scenario: str) -> str:
        """The scenario's history table: one lake holds every scenario's, so each has its own name; a scenario's
        file holds only its own, under scd-parallel's default name."""
        return f"scenario_{scenario}" if self.lake else "scd_workforce_state"

    def _history(self, scenario: str, *, writes: bool = False) -> list[str]:
        """The flags that find the scenario's history: its file, or its table in the lake (the file is its source)."""
        flags = ["--db", str(self.database(scenario))]
        if not self.lake:
            return flags
        flags += ["--lake", self.lake, "--target", self.history_table(scenario)]
        if writes and self.lake_data:
            flags += ["--lake-data", self.lake_data]
        if self.extension_dir:
            flags += ["--extension-dir", self.extension_dir]
        return flags

    def generate(self, scenario: str, seed: int, start_year: int, years: int) -> dict:
        Path(self.data_dir).mkdir(parents=True, exist_ok=True)
        # --replace: re-simulating a scenario replaces its snapshot table; the history beside it stays,
        # and scd-parallel refuses (exit 2) to extend it from a source that changed under it.
        return self._json(
            "generate", "--db", str(self.database(scenario)), "--employees", str(self.employees),
            "--start-year", str(start_year), "--years", str(years), "--seed", str(seed), "--replace",
        )

    def run(self, scenario: str, first_year: int, year: int) -> dict:
        """Applies every year up to `year` not yet applied, in order: a later partition materialized first
        applies the earlier years too (run --year alone would refuse to skip them), and an earlier one
        materialized after it finds its year already applied and writes nothing."""
        return self._versioned(RUN_SCHEMA_VERSION, self._json(
            "run", *self._history(scenario, writes=True), "--years", f"{first_year}-{year}",
            "--workers", str(self.workers), "--log-level", "warn",
        ))

    def check(self, scenario: str) -> dict:
        report = self._json("check", *self._history(scenario), accept=(EXIT_CHECK_FAILED,))
        return self._versioned(CHECK_SCHEMA_VERSION, report)

    def export(self, scenario: str, out: Path) -> dict:
        """The scenario's history as hive Parquet in `out`, replaced atomically (written beside it, then
        renamed), so readers of the root see the previous export or the new one, never a mix."""
        return self._json("export", *self._history(scenario), "--out", str(out))

    def _versioned(self, version: int, report: dict) -> dict:
        if report.get("schemaVersion") != version:
            raise Failure(f"scd-parallel report has schemaVersion {report.get('schemaVersion')!r}, this client reads {version}")
        return report

    def _json(self, *args: str, accept: tuple[int, ...] = ()) -> dict:
        command = [*shlex.split(self.command), *args, "--json"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode == EXIT_LOCKED:
            # Another process holds the scenario's file, or (lake mode) other writers' commits kept winning over this
            # run's through all of scd-parallel's own attempts: wait and retry rather than fail the partition.
            raise RetryRequested(max_retries=5, seconds_to_wait=10) from Failure(done.stderr.strip())
        if done.returncode != 0 and done.returncode not in accept:
            raise Failure(
                description=f"scd-parallel {args[0]} exited {done.returncode}: {done.stderr.strip()[-2000:]}",
                metadata={"command": " ".join(args), "exit_code": done.returncode},
            )
        return json.loads(done.stdout)
