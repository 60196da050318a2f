-- A key's membership in a change set's actions: `IN` the keys that change, or `NOT IN` the keys
-- that do not (the smaller side, chosen per period by the coordinator). Keys are never NULL (every
-- period's keys are validated first), so NOT IN's NULL rule never applies.
{{tuple}} {{membership}} (SELECT {{exchange_key}} FROM {{changes}} WHERE action IN ({{actions}}))
