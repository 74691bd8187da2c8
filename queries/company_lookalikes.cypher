// Purpose: Pairs of company nodes whose names have the same core and place prefix (华友钴业 in 浙江华友钴业股份有限公司): maybe one company, maybe a group and its member.
// Returns: a_key, a_name, b_key, b_name, core
MATCH (a:Company)
WHERE a.name_core IS NOT NULL AND size(a.name_core) >= 2
MATCH (b:Company {name_core: a.name_core})
WHERE a.key < b.key AND coalesce(a.name_region, '') = coalesce(b.name_region, '')
RETURN a.key AS a_key, a.name AS a_name, b.key AS b_key, b.name AS b_name, a.name_core AS core
ORDER BY core, a_key
