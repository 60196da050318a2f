"""One dlt load of one simulation year into an scd2 table in the same DuckDB file.

argv: the database, the year, dlt's pipelines dir. The year's rows go in as one Arrow table; their
validity is the year's effective date (`boundary_timestamp`, business time), and a version is
identified by a hash of the key and the tracked columns (`row_version_column_name`): without the
key, two employees with equal values would share one version. Names are DEFAULT_TABLE_CONFIG's,
as bench/dbt and bench/sqlmesh have them."""
import sys

import dlt
import duckdb

database, year, pipelines_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
IDENTITY = ["employee_id", "annual_salary", "job_level", "department", "employee_status"]

# dlt writes through this same connection: a second one on the file in one process is not safe.
connection = duckdb.connect(database)
try:
    row_version = "md5(CAST(row(" + ", ".join(IDENTITY) + ") AS VARCHAR))"
    rows = connection.execute(
        f"SELECT *, {row_version} AS row_version FROM main.fct_workforce_snapshot WHERE simulation_year = ?", [year]
    ).to_arrow_table()
    effective_date = rows.column("effective_date")[0].as_py()
    pipeline = dlt.pipeline(
        pipeline_name="scd_bench",
        pipelines_dir=pipelines_dir,
        destination=dlt.destinations.duckdb(connection),
        dataset_name="dlt_bench",
    )
    write_disposition = {
        "disposition": "merge",
        "strategy": "scd2",
        "boundary_timestamp": effective_date.isoformat(),
        "row_version_column_name": "row_version",
    }
    pipeline.run(rows, table_name="scd_dlt", write_disposition=write_disposition)
finally:
    connection.close()
