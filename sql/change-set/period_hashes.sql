SELECT {{key_as_exchange}}, {{hash}} AS h FROM {{source}} WHERE {{period}} = $period
