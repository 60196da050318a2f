"""One scheduled SQLMesh step of models/scd_sqlmesh.sql, in its own process (start-up included).

The model's cron is yearly: the interval [Y-01-01, Y+1-01-01) holds simulation year Y, and is due at
Y+1-01-01, which is the execution time here (and so the validity SQLMesh writes, mapped back to year
Y by bench/peers/compare.ts). The first year plans (creating the model and filling its first
interval); every later year runs the next interval, as a scheduler would.
argv: the year, then --first for the first one."""
import sys
from pathlib import Path

from sqlmesh import Context

year = int(sys.argv[1])
first = sys.argv[2:] == ["--first"]
execution_time = f"{year + 1}-01-01 00:00:00"
context = Context(paths=str(Path(__file__).parent))
if first:
    context.plan(execution_time=execution_time, auto_apply=True, no_prompts=True)
else:
    # Without an end, run stops at the wall clock, which the simulation years run past.
    status = context.run(end=execution_time, execution_time=execution_time)
    # Nothing to do would leave the year out of the history silently.
    if not status.is_success:
        sys.exit(f"sqlmesh run for {year}: {status.value}")
