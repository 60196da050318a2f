SET VARIABLE gen_seed = $seed
