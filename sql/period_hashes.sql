SELECT {{key}} AS k, {{hash}} AS h FROM {{source}} WHERE {{period}} = $period
