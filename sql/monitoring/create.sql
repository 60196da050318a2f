CREATE TABLE IF NOT EXISTS {{table}} ({{definitions}});
