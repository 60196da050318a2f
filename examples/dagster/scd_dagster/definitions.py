"""One SCD2 history per simulation scenario, materialized year by year by scd-parallel.

`scd_history` is partitioned by scenario x year. Each scenario has its own DuckDB file, so partitions of
different scenarios never share a file and run side by side; partitions of one scenario hold the same file
(a second process gets exit 3, locked), so they run one after another, in year order: the test does so,
and a deployment says so with a run queue limit of one run per `dagster/partition/scenario` tag
(dagster.yaml). Each run goes through the multiprocess executor.

Lake mode (`SCD_LAKE` set to a DuckLake catalog): every scenario's history is a table of that one lake, written
by the scenarios' runs side by side (a table each; DuckLake lets concurrent commits through or refuses one, which
scd-parallel runs again), and `scenario_history` makes it one view for readers in place of the Parquet export.
The scenario's file stays: it holds the snapshot the history is built from.
"""

import json
import os
from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetDep,
    AssetExecutionContext,
    Definitions,
    MaterializeResult,
    MetadataValue,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    MultiToSingleDimensionPartitionMapping,
    StaticPartitionsDefinition,
    asset,
    define_asset_job,
    multiprocess_executor,
)

from . import lake
from .scd_cli import REPO, ScdParallel, default_command

# Each scenario is a simulation with its own seed.
SCENARIO_SEEDS = {"baseline": 42, "alternative": 7}
FIRST_YEAR = 2025
YEARS = [str(year) for year in range(FIRST_YEAR, FIRST_YEAR + 3)]

scenarios = StaticPartitionsDefinition(list(SCENARIO_SEEDS))


def scenario_dir(root: str, scenario: str) -> Path:
    """`<root>/scenario=<name>`: read_parquet('<root>/scenario=*/**/*.parquet', hive_partitioning = true) reads
    every scenario back as one dataset, with `scenario` as a column. `scenario=*` keeps out the work directory an
    export in progress (or a killed one) has beside its scenario's directory."""
    return Path(root) / f"scenario={scenario}"
scenario_years = MultiPartitionsDefinition({"scenario": scenarios, "year": StaticPartitionsDefinition(YEARS)})

# The checks `check --json` runs on these histories, named by the contract. Tombstones are checked only
# with --hard-deletes new_record, which these histories (the default, invalidate) do not use.
_CHECK_SCHEMA = json.loads((REPO / "schema" / "check-report.v1.schema.json").read_text())
CHECK_NAMES = [n for n in _CHECK_SCHEMA["properties"]["checks"]["items"]["properties"]["name"]["enum"] if n != "tombstones"]


@asset(partitions_def=scenarios)
def scenario_snapshot(context: AssetExecutionContext, scd: ScdParallel) -> MaterializeResult:
    """The scenario's simulated workforce: `fct_workforce_snapshot`, one snapshot per year, in its own DuckDB file."""
    scenario = context.partition_key
    summary = scd.generate(scenario, SCENARIO_SEEDS[scenario], FIRST_YEAR, len(YEARS))
    return MaterializeResult(
        metadata={"database": MetadataValue.path(str(scd.database(scenario))), "rows": summary["rows"], "employees": summary["employees"]}
    )


@asset(
    partitions_def=scenario_years,
    deps=[AssetDep(scenario_snapshot, partition_mapping=MultiToSingleDimensionPartitionMapping(partition_dimension_name="scenario"))],
    check_specs=[AssetCheckSpec(name, asset="scd_history") for name in CHECK_NAMES],
)
def scd_history(context: AssetExecutionContext, scd: ScdParallel) -> MaterializeResult:
    """The scenario's SCD2 history after the partition's year, checked, and exported as hive Parquet (in lake
    mode: kept in the lake, where `scenario_history` reads it)."""
    key = context.partition_key
    assert isinstance(key, MultiPartitionKey)
    scenario, year = key.keys_by_dimension["scenario"], int(key.keys_by_dimension["year"])
    report = scd.run(scenario, FIRST_YEAR, year)
    period = next(p for p in report["periods"] if p["period"] == year)
    check = scd.check(scenario)
    if scd.lake:
        kept = {"lake_table": scd.history_table(scenario)}
    else:
        out = scenario_dir(scd.parquet_root, scenario)
        exported = scd.export(scenario, out)
        kept = {"parquet": MetadataValue.path(str(out)), "parquet_files": exported["files"]}
    return MaterializeResult(
        metadata={
            "run_id": report["runId"],
            "status": period["status"],
            "rows": period["rowsRead"],
            "new_versions": period["newVersions"],
            "changed_versions": period["changedVersions"],
            "removed_versions": period["removedVersions"],
            "seconds": MetadataValue.float(period["seconds"]),
            "rows_per_second": period["rowsPerSecond"],
            "chunk_p99_ms": MetadataValue.float(period["chunkLatency"]["p99Micros"] / 1000),
            "periods_applied_by_run": [p["period"] for p in report["periods"] if p["status"] != "already-applied"],
            **kept,
        },
        check_results=[
            AssetCheckResult(
                check_name=c["name"],
                passed=c["violations"] == 0,
                severity=AssetCheckSeverity.ERROR,
                description=c["description"],
                metadata={"violations": c["violations"], "sample": MetadataValue.json(c["sample"])},
            )
            for c in check["checks"]
        ],
    )


@asset(deps=[scd_history])
def scenario_history(context: AssetExecutionContext, scd: ScdParallel) -> MaterializeResult:
    """Lake mode's reader: every scenario's history as one view in the lake, `scenario_history`, with `scenario` as
    a column; the versions per scenario and period, read through it in one query, as metadata. The view reads the
    tables as they are, so it needs making again only when a scenario is added."""
    tables = {scenario: scd.history_table(scenario) for scenario in SCENARIO_SEEDS}
    with lake.connect(scd.lake, scd.extension_dir, read_only=False) as db:
        lake.replace_history_view(db, tables)
        versions = lake.versions_by_scenario_and_period(db)
    return MaterializeResult(
        metadata={
            "view": lake.HISTORY_VIEW,
            "tables": MetadataValue.json(tables),
            "versions": MetadataValue.json(versions),
            "rows": sum(n for by_period in versions.values() for n in by_period.values()),
        }
    )


def scd_resource() -> ScdParallel:
    return ScdParallel(
        command=default_command(),
        data_dir=os.environ.get("SCD_DAGSTER_DATA", str(Path.cwd() / "data")),
        parquet_root=os.environ.get("SCD_DAGSTER_PARQUET_ROOT", str(Path.cwd() / "history")),
        employees=int(os.environ.get("SCD_DAGSTER_EMPLOYEES", "2000")),
        lake=os.environ.get("SCD_LAKE", ""),
        lake_data=os.environ.get("SCD_LAKE_DATA", ""),
        extension_dir=os.environ.get("SCD_EXTENSION_DIR", ""),
    )


resource = scd_resource()
scenarios_job = define_asset_job("scenarios_job", selection=[scenario_snapshot])
scd_history_job = define_asset_job("scd_history_job", selection=[scd_history])
# The reader is lake mode's; in file mode, readers read the Parquet root.
lake_assets = [scenario_history] if resource.lake else []
lake_jobs = [define_asset_job("scenario_history_job", selection=[scenario_history])] if resource.lake else []

defs = Definitions(
    assets=[scenario_snapshot, scd_history, *lake_assets],
    jobs=[scenarios_job, scd_history_job, *lake_jobs],
    resources={"scd": resource},
    executor=multiprocess_executor,
)
