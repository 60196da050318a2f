"""scd-parallel orchestrated by Dagster: one SCD2 history per simulation scenario, partitioned by year."""
