-- The extension from the instance's extension_directory (--extension-dir), never from the network
-- and never unsigned: the engine's DuckDB must match its build exactly.
LOAD ducklake
