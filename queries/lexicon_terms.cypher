// Purpose: The names extraction can look for: every company's name and aliases, and every product a company or project makes as a line of business (for `chainkg export lexicon`).
// Param: $min_share FLOAT  the least revenue share that counts where a registry gives one, e.g. 0.05
// Returns: label, text, key
MATCH (c:Company)
UNWIND [c.name] + coalesce(c.aliases, []) AS text
RETURN DISTINCT 'COMPANY' AS label, text, c.key AS key
UNION
MATCH (p:Product)<-[m:MAKES]-()
WHERE (m.share IS NULL OR m.share >= $min_share) AND coalesce(m.review, '') <> 'rejected'
RETURN DISTINCT 'PRODUCT' AS label, p.name AS text, p.key AS key
