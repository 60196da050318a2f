"""Materializes 2 scenarios x 3 years through Dagster's multiprocess executor, in files and in one lake (the lake mode,
where PostgreSQL and the extensions are at hand), then checks what each recorded."""

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance, MultiPartitionKey, execute_job, instance_for_test, reconstructable

from scd_dagster import lake

HERE = Path(__file__).resolve().parent
EMPLOYEES = 2000


def history_job():
    from scd_dagster.definitions import defs

    return defs.resolve_job_def("scd_history_job")


def scenarios_job():
    from scd_dagster.definitions import defs

    return defs.resolve_job_def("scenarios_job")


def reader_job():
    from scd_dagster.definitions import defs

    return defs.resolve_job_def("scenario_history_job")


JOBS = {"scd_history_job": history_job, "scenarios_job": scenarios_job, "scenario_history_job": reader_job}


def launch(job: str, tags: dict[str, str]) -> dict:
    """One partition's run, in a process of its own on the test's instance (DAGSTER_HOME), as a run launcher would."""
    with DagsterInstance.get() as instance:
        result = execute_job(reconstructable(JOBS[job]), instance, tags=tags)
        return {
            "success": result.success,
            # A failed step's own error (a Failure's description: scd-parallel's exit code and message).
            "failures": [
                e.step_failure_data.error.message if e.is_step_failure else e.message for e in result.all_events if e.is_failure
            ],
            "step_processes": sum(e.event_type == DagsterEventType.STEP_WORKER_STARTED for e in result.all_events),
            "metadata": {k: v.value for m in result.get_asset_materialization_events() for k, v in m.materialization.metadata.items()},
            "checks": {c.check_name: c.passed for c in result.get_asset_check_evaluations()},
        }


@contextmanager
def pipeline(root: Path, **env: str) -> Iterator[tuple[DagsterInstance, ProcessPoolExecutor]]:
    """A Dagster instance under `root`, and a pool of a process per scenario to launch runs from. Every process (runs,
    their steps) inherits the environment set here: the resource reads it, and the definitions (imported afresh
    in each) have lake mode's reader when it names a lake. File mode unless `env` names one."""
    from scd_dagster.definitions import SCENARIO_SEEDS

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", str(HERE))
        patch.setenv("SCD_DAGSTER_DATA", str(root / "data"))
        patch.setenv("SCD_DAGSTER_PARQUET_ROOT", str(root / "history"))
        patch.setenv("SCD_DAGSTER_EMPLOYEES", str(EMPLOYEES))
        patch.delenv("SCD_LAKE", raising=False)
        patch.delenv("SCD_LAKE_DATA", raising=False)
        for name, value in env.items():
            patch.setenv(name, value)
        (root / "dagster").mkdir()
        with instance_for_test(temp_dir=str(root / "dagster")) as instance:
            with ProcessPoolExecutor(len(SCENARIO_SEEDS), mp_context=multiprocessing.get_context("spawn")) as pool:
                yield instance, pool


def generate(pool: ProcessPoolExecutor) -> None:
    from scd_dagster.definitions import SCENARIO_SEEDS, scenarios

    # A partition's run carries the tags Dagster gives it (dagster/partition, and one per dimension).
    tags = [scenarios.get_tags_for_partition_key(s) for s in SCENARIO_SEEDS]
    for result in pool.map(launch, ["scenarios_job"] * len(SCENARIO_SEEDS), tags):
        assert result["success"], result["failures"]


def materialize(pool: ProcessPoolExecutor, years: list[str]) -> dict[MultiPartitionKey, dict]:
    """scd_history's partitions of `years`: scenarios side by side (each its own file, or its own table of the lake),
    the years of one scenario one after another, in order."""
    from scd_dagster.definitions import SCENARIO_SEEDS, scenario_years

    runs = {}
    for year in years:
        keys = [MultiPartitionKey({"scenario": s, "year": year}) for s in SCENARIO_SEEDS]
        tags = [scenario_years.get_tags_for_partition_key(k) for k in keys]
        runs.update(zip(keys, pool.map(launch, ["scd_history_job"] * len(keys), tags)))
    return runs


@dataclass(frozen=True)
class Built:
    """What a pipeline left: its runs by partition, the partitions Dagster recorded, and the folders it wrote."""

    runs: dict
    materialized: set
    data: Path
    parquet_root: Path


@pytest.fixture(scope="module")
def file_mode(tmp_path_factory) -> Built:
    """The file mode's pipeline, once: its own test checks it, and lake mode's is compared with it."""
    from scd_dagster.definitions import YEARS

    root = tmp_path_factory.mktemp("files")
    with pipeline(root) as (instance, pool):
        generate(pool)
        runs = materialize(pool, YEARS)
        materialized = instance.get_materialized_partitions(AssetKey("scd_history"))
    return Built(runs, materialized, root / "data", root / "history")


def assert_runs(built: Built) -> None:
    """Every partition materialized by a run whose step ran in a process of the multiprocess executor; each reported
    its year alone as applied, with the source's row count, and passed every check."""
    from scd_dagster.definitions import CHECK_NAMES, SCENARIO_SEEDS, YEARS

    for key, run in built.runs.items():
        assert run["success"], (str(key), run["failures"])
    expected = {str(MultiPartitionKey({"scenario": s, "year": y})) for s in SCENARIO_SEEDS for y in YEARS}
    assert built.materialized == expected
    for key, run in built.runs.items():
        assert run["step_processes"] == 1, "the step ran in a process of the multiprocess executor"
        scenario, year = key.keys_by_dimension["scenario"], int(key.keys_by_dimension["year"])
        with duckdb.connect(str(built.data / f"{scenario}.duckdb"), read_only=True) as db:
            (rows,) = db.execute("SELECT count(*) FROM fct_workforce_snapshot WHERE simulation_year = ?", [year]).fetchone()
        m = run["metadata"]
        assert rows >= EMPLOYEES * 0.8
        assert (m["status"], m["rows"], m["periods_applied_by_run"]) == ("applied", rows, [year])
        assert m["seconds"] > 0 and m["chunk_p99_ms"] > 0
        assert abs(m["rows_per_second"] - rows / m["seconds"]) <= 1
        assert m["new_versions"] + m["changed_versions"] <= rows
        assert run["checks"] == {name: True for name in CHECK_NAMES}


def test_two_scenarios_by_three_years_on_the_multiprocess_executor(file_mode):
    from scd_dagster.definitions import SCENARIO_SEEDS

    assert_runs(file_mode)
    with duckdb.connect() as db:
        dataset = f"read_parquet('{file_mode.parquet_root}/scenario=*/**/*.parquet', hive_partitioning = true)"
        assert db.execute(f"SELECT DISTINCT scenario FROM {dataset} ORDER BY ALL").fetchall() == sorted((s,) for s in SCENARIO_SEEDS)
        for scenario in SCENARIO_SEEDS:
            db.execute(f"ATTACH '{file_mode.data / f'{scenario}.duckdb'}' AS {scenario} (READ_ONLY)")
            history = f"{scenario}.scd_workforce_state"
            columns = ", ".join(name for (name,) in db.execute(f"SELECT name FROM pragma_table_info('{history}')").fetchall())
            from_parquet = f"SELECT {columns} FROM {dataset} WHERE scenario = '{scenario}'"
            assert db.execute(f"SELECT count(*) FROM {history}").fetchone()[0] > EMPLOYEES
            for a, b in [(from_parquet, f"SELECT {columns} FROM {history}"), (f"SELECT {columns} FROM {history}", from_parquet)]:
                assert db.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone() == (0,)


def on_postgres(libpq: str, extension_dir: str, statement: str) -> None:
    """`statement` on the server of `libpq`, through DuckDB's postgres extension, outside a transaction (CREATE and
    DROP DATABASE refuse to run in one)."""
    with duckdb.connect(config={"extension_directory": extension_dir}) as db:
        db.execute("LOAD postgres_scanner")
        db.execute(f"ATTACH '{libpq.replace(chr(39), chr(39) * 2)}' AS pg (TYPE postgres)")
        db.execute(f"CALL postgres_execute('pg', '{statement}', use_transaction => false)")


@pytest.fixture(scope="module")
def lake_machine() -> tuple[str, str]:
    """SCD_TEST_POSTGRES and SCD_EXTENSION_DIR, with this DuckDB's ducklake in the latter. Without them the lake test
    skips, saying why, or fails where CI requires them: at once, before the file mode's pipeline (module-scoped too)."""
    libpq, extension_dir = os.environ.get("SCD_TEST_POSTGRES", ""), os.environ.get("SCD_EXTENSION_DIR", "")
    (platform,) = duckdb.execute("PRAGMA platform").fetchone()
    ducklake = Path(extension_dir) / f"v{duckdb.__version__}" / platform / "ducklake.duckdb_extension"
    missing = [
        *([] if libpq else ["SCD_TEST_POSTGRES is not set (scripts/postgres.sh run CMD starts a PostgreSQL)"]),
        *([] if extension_dir else ["SCD_EXTENSION_DIR is not set (scripts/extensions.sh prints one)"]),
        *([] if not extension_dir or ducklake.exists() else [f"{ducklake} is missing"]),
    ]
    if missing:
        required = [name for name in ("SCD_REQUIRE_LAKE", "SCD_REQUIRE_POSTGRES") if name in os.environ]
        if required:
            pytest.fail(f"lake mode must run here ({', '.join(required)}), but {'; '.join(missing)}")
        pytest.skip(f"lake mode skipped: {'; '.join(missing)}")
    return libpq, extension_dir


@pytest.fixture
def postgres_lake(lake_machine) -> Iterator[str]:
    """A lake catalog (`postgres:LIBPQ`) in a new database of SCD_TEST_POSTGRES's server, dropped after."""
    libpq, extension_dir = lake_machine
    database = f"scd_dagster_{os.getpid()}_{time.time_ns()}"
    on_postgres(libpq, extension_dir, f"CREATE DATABASE {database}")
    try:
        yield f"postgres:{' '.join(p for p in libpq.split() if not p.startswith('dbname='))} dbname={database}"
    finally:
        on_postgres(libpq, extension_dir, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def versions_by_period(history: str, db: duckdb.DuckDBPyConnection, through: int) -> dict[str, int]:
    by_year = f"SELECT year(dbt_valid_from) AS y, count(*) FROM {history} WHERE y <= ? GROUP BY ALL ORDER BY ALL"
    rows = db.execute(by_year, [through]).fetchall()
    return {str(year): n for year, n in rows}


def test_lake_mode_writes_every_scenario_into_one_postgres_catalog_lake(lake_machine, file_mode, postgres_lake, tmp_path):
    """Lake mode, the scenarios' runs of a year at once in processes of their own, every one writing the one lake
    (their first runs create it together): each history passes its checks and equals the file mode's, and the reader
    asset reads every scenario through one view, before the last year is applied and after."""
    from scd_dagster.definitions import SCENARIO_SEEDS, YEARS

    extension_dir = os.environ["SCD_EXTENSION_DIR"]
    with pipeline(tmp_path, SCD_LAKE=postgres_lake, SCD_LAKE_DATA=str(tmp_path / "lake-data")) as (instance, pool):
        generate(pool)
        runs = materialize(pool, YEARS[:-1])
        # The reader while the scenarios have a year to go; then again once they are done.
        before_last = pool.submit(launch, "scenario_history_job", {}).result()
        runs.update(materialize(pool, YEARS[-1:]))
        after_last = pool.submit(launch, "scenario_history_job", {}).result()
        materialized = instance.get_materialized_partitions(AssetKey("scd_history"))
    built = Built(runs, materialized, tmp_path / "data", tmp_path / "history")

    assert_runs(built)
    assert not built.parquet_root.exists(), "lake mode exports nothing"
    versions = ("rows", "new_versions", "changed_versions", "removed_versions")
    for key, run in runs.items():
        scenario = key.keys_by_dimension["scenario"]
        assert run["metadata"]["lake_table"] == f"scenario_{scenario}"
        # The year's counts equal those the file mode's run of the same partition reported.
        assert {v: run["metadata"][v] for v in versions} == {v: file_mode.runs[key]["metadata"][v] for v in versions}

    with lake.connect(postgres_lake, extension_dir) as db:
        for scenario in SCENARIO_SEEDS:
            db.execute(f"ATTACH '{file_mode.data / f'{scenario}.duckdb'}' AS file_{scenario} (READ_ONLY)")
        in_files = {
            through: {s: versions_by_period(f"file_{s}.scd_workforce_state", db, int(through)) for s in SCENARIO_SEEDS}
            for through in (YEARS[-2], YEARS[-1])
        }
        for reader, through in [(before_last, YEARS[-2]), (after_last, YEARS[-1])]:
            assert reader["success"], reader["failures"]
            assert reader["step_processes"] == 1
            assert reader["metadata"]["view"] == lake.HISTORY_VIEW
            assert reader["metadata"]["versions"] == in_files[through], f"through {through}"

        # One query through the lake's view sees every scenario, as many versions as each file-mode history has...
        counts = dict(db.execute(f"SELECT scenario, count(*) FROM lake.{lake.HISTORY_VIEW} GROUP BY ALL").fetchall())
        in_file = {s: db.execute(f"SELECT count(*) FROM file_{s}.scd_workforce_state").fetchone()[0] for s in SCENARIO_SEEDS}
        assert counts == in_file
        for scenario in SCENARIO_SEEDS:
            table, history = f"lake.scenario_{scenario}", f"file_{scenario}.scd_workforce_state"
            names = [n for (n,) in db.execute(f"SELECT name FROM pragma_table_info('{history}')").fetchall()]
            assert [n for (n,) in db.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()] == names
            # ...and the same versions, column for column, but the time each was written.
            columns = ", ".join(n for n in names if n != "dbt_updated_at")
            in_lake = f"SELECT {columns} FROM lake.{lake.HISTORY_VIEW} WHERE scenario = '{scenario}'"
            in_file = f"SELECT {columns} FROM {history}"
            for a, b in [(in_lake, in_file), (in_file, in_lake)]:
                assert db.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone() == (0,)


def test_lake_catalogs_are_attached_as_the_cli_reads_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert lake.attach_target("postgres:host=h port=5 dbname=x") == "ducklake:postgres:host=h port=5 dbname=x"
    assert lake.attach_target("ducklake:sqlite:cat.sqlite") == f"ducklake:sqlite:{tmp_path / 'cat.sqlite'}"
    assert lake.attach_target("SQLite:/a/b.sqlite") == "ducklake:sqlite:/a/b.sqlite"
    assert lake.attach_target("cat.ducklake") == f"ducklake:{tmp_path / 'cat.ducklake'}"
    assert lake.attach_target("duckdb:/a/cat.ducklake") == "ducklake:/a/cat.ducklake"


def test_the_run_queue_admits_one_run_per_scenario(tmp_path, monkeypatch):
    """dagster.yaml limits runs by a tag that Dagster puts on every scd_history partition's run."""
    from scd_dagster.definitions import scenario_years

    (tmp_path / "dagster.yaml").write_text((HERE / "dagster.yaml").read_text())
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with DagsterInstance.get() as instance:
        limits = instance.run_coordinator.get_run_queue_config().tag_concurrency_limits
    assert limits == [{"key": "dagster/partition/scenario", "value": {"applyLimitPerUniqueValue": True}, "limit": 1}]
    tags = scenario_years.get_tags_for_partition_key(MultiPartitionKey({"scenario": "baseline", "year": "2026"}))
    assert tags["dagster/partition/scenario"] == "baseline"
