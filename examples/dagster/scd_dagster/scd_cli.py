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
    """Runs scd-parallel on one DuckDB file per scenario, kept in `data_dir`; the histories go to `parquet_root`."""

    command: str
    data_dir: str
    parquet_root: str
    employees: int = 2000
    # Worker threads per run: the executor already runs scenarios side by side, so one each by default.
    workers: int = 1

    def database(self, scenario: str) -> Path:
        return Path(self.data_dir) / f"{scenario}.duckdb"

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
            "run", "--db", str(self.database(scenario)), "--years", f"{first_year}-{year}",
            "--workers", str(self.workers), "--log-level", "warn",
        ))

    def check(self, scenario: str) -> dict:
        return self._versioned(CHECK_SCHEMA_VERSION, self._json("check", "--db", str(self.database(scenario)), accept=(EXIT_CHECK_FAILED,)))

    def export(self, scenario: str, out: Path) -> dict:
        """The scenario's history as hive Parquet in `out`, replaced atomically (written beside it, then
        renamed), so readers of the root see the previous export or the new one, never a mix."""
        return self._json("export", "--db", str(self.database(scenario)), "--out", str(out))

    def _versioned(self, version: int, report: dict) -> dict:
        if report.get("schemaVersion") != version:
            raise Failure(f"scd-parallel report has schemaVersion {report.get('schemaVersion')!r}, this client reads {version}")
        return report

    def _json(self, *args: str, accept: tuple[int, ...] = ()) -> dict:
        done = subprocess.run([*shlex.split(self.command), *args, "--json"], capture_output=True, text=True, check=False)
        if done.returncode == EXIT_LOCKED:
            # Another process holds the scenario's file: wait and retry rather than fail the partition.
            raise RetryRequested(max_retries=5, seconds_to_wait=10) from Failure(done.stderr.strip())
        if done.returncode != 0 and done.returncode not in accept:
            raise Failure(
                description=f"scd-parallel {args[0]} exited {done.returncode}: {done.stderr.strip()[-2000:]}",
                metadata={"command": " ".join(args), "exit_code": done.returncode},
            )
        return json.loads(done.stdout)
