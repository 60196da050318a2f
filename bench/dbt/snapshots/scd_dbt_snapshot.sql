{% snapshot scd_dbt_snapshot %}
{{ config(
    target_schema='main',
    unique_key='employee_id',
    strategy='check',
    check_cols=['annual_salary', 'job_level', 'department', 'employee_status'],
    hard_deletes='invalidate'
) }}
select * from {{ source('sim', 'fct_workforce_snapshot') }} where simulation_year = {{ var('year') }}
{% endsnapshot %}
