#!/usr/bin/env node
// Every worker's DuckDB query runs on libuv's shared pool (4 threads by default), so up to 16
// workers plus the coordinator would queue behind each other. The pool size is read once, when
// the pool first starts, so it must be set before anything else runs.
process.env.UV_THREADPOOL_SIZE ??= '24';
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv);
