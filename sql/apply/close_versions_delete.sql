-- ...then the open versions they copy, which the same condition finds: the copies are closed.
DELETE FROM {{target}} AS t
WHERE {{t_current}} AND {{t_not_deleted}} AND (
{{closing}}
);
