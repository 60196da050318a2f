"""Materializes 2 scenarios x 3 years through Dagster's multiprocess executor, then checks what it recorded."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance, MultiPartitionKey, execute_job, instance_for_test, reconstructable

HERE = Path(__file__).resolve().parent
EMPLOYEES = 2000


def history_job():
    from scd_dagster.definitions import defs

    return defs.resolve_job_def("scd_history_job")


def scenarios_job():
    from scd_dagster.definitions import defs

    return defs.resolve_job_def("scenarios_job")


JOBS = {"scd_history_job": history_job, "scenarios_job": scenarios_job}


def launch(job: str, tags: dict[str, str]) -> dict:
    """One partition's run, in a process of its own on the test's instance (DAGSTER_HOME), as a run launcher would."""
    with DagsterInstance.get() as instance:
        result = execute_job(reconstructable(JOBS[job]), instance, tags=tags)
        return {
            "success": result.success,
            "failures": [e.message for e in result.all_events if e.is_failure],
            "step_processes": sum(e.event_type == DagsterEventType.STEP_WORKER_STARTED for e in result.all_events),
            "metadata": {k: v.value for m in result.get_asset_materialization_events() for k, v in m.materialization.metadata.items()},
            "checks": {c.check_name: c.passed for c in result.get_asset_check_evaluations()},
        }


@pytest.fixture
def paths(tmp_path, monkeypatch):
    # Every process (runs, their steps) inherits these: the resource reads them, step processes import scd_dagster.
    monkeypatch.setenv("PYTHONPATH", str(HERE))
    monkeypatch.setenv("SCD_DAGSTER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("SCD_DAGSTER_PARQUET_ROOT", str(tmp_path / "history"))
    monkeypatch.setenv("SCD_DAGSTER_EMPLOYEES", str(EMPLOYEES))
    (tmp_path / "dagster").mkdir()
    with instance_for_test(temp_dir=str(tmp_path / "dagster")) as instance:
        yield instance, tmp_path / "data", tmp_path / "history"


def test_two_scenarios_by_three_years_on_the_multiprocess_executor(paths):
    from scd_dagster.definitions import CHECK_NAMES, SCENARIO_SEEDS, YEARS, scenario_years, scenarios

    instance, data, parquet_root = paths
    runs = {}
    with ProcessPoolExecutor(len(SCENARIO_SEEDS), mp_context=multiprocessing.get_context("spawn")) as pool:
        # A partition's run carries the tags Dagster gives it (dagster/partition, and one per dimension).
        generated = pool.map(launch, ["scenarios_job"] * len(SCENARIO_SEEDS), [scenarios.get_tags_for_partition_key(s) for s in SCENARIO_SEEDS])
        for result in generated:
            assert result["success"], result["failures"]
        # Scenarios side by side (each its own file); the years of one scenario one after another, in order.
        for year in YEARS:
            keys = [MultiPartitionKey({"scenario": s, "year": year}) for s in SCENARIO_SEEDS]
            tags = [scenario_years.get_tags_for_partition_key(k) for k in keys]
            runs.update(zip(keys, pool.map(launch, ["scd_history_job"] * len(keys), tags)))

    expected = {str(MultiPartitionKey({"scenario": s, "year": y})) for s in SCENARIO_SEEDS for y in YEARS}
    assert instance.get_materialized_partitions(AssetKey("scd_history")) == expected
    for key, run in runs.items():
        assert run["success"], run["failures"]
        assert run["step_processes"] == 1, "the step ran in a process of the multiprocess executor"
        scenario, year = key.keys_by_dimension["scenario"], int(key.keys_by_dimension["year"])
        with duckdb.connect(str(data / f"{scenario}.duckdb"), read_only=True) as db:
            (rows,) = db.execute("SELECT count(*) FROM fct_workforce_snapshot WHERE simulation_year = ?", [year]).fetchone()
        m = run["metadata"]
        assert rows >= EMPLOYEES * 0.8
        assert (m["status"], m["rows"], m["periods_applied_by_run"]) == ("applied", rows, [year])
        assert m["seconds"] > 0 and m["chunk_p99_ms"] > 0
        assert abs(m["rows_per_second"] - rows / m["seconds"]) <= 1
        assert m["new_versions"] + m["changed_versions"] <= rows
        assert run["checks"] == {name: True for name in CHECK_NAMES}

    with duckdb.connect() as db:
        dataset = f"read_parquet('{parquet_root}/scenario=*/**/*.parquet', hive_partitioning = true)"
        assert db.execute(f"SELECT DISTINCT scenario FROM {dataset} ORDER BY ALL").fetchall() == sorted((s,) for s in SCENARIO_SEEDS)
        for scenario in SCENARIO_SEEDS:
            db.execute(f"ATTACH '{data / f'{scenario}.duckdb'}' AS {scenario} (READ_ONLY)")
            history = f"{scenario}.scd_workforce_state"
            columns = ", ".join(name for (name,) in db.execute(f"SELECT name FROM pragma_table_info('{history}')").fetchall())
            from_parquet = f"SELECT {columns} FROM {dataset} WHERE scenario = '{scenario}'"
            assert db.execute(f"SELECT count(*) FROM {history}").fetchone()[0] > EMPLOYEES
            for a, b in [(from_parquet, f"SELECT {columns} FROM {history}"), (f"SELECT {columns} FROM {history}", from_parquet)]:
                assert db.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone() == (0,)


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
