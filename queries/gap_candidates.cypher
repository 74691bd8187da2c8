// Purpose: Companies that make products of the given segments of a chain as a line of business (recommendation candidates; the companies active in the region are left out by the analysis).
// Param: $chain STRING           chain key, e.g. lithium-battery
// Param: $segments LIST<STRING>  segment graph keys, e.g. lithium-battery/precursor
// Param: $min_share FLOAT        the least revenue share that counts where a registry gives one, e.g. 0.05
// Param: $pending BOOLEAN        count facts still waiting for review, e.g. true
// Returns: segment_key, company_key, company, province, city, listed, products, share, core, place_prefix
MATCH (:Chain {key: $chain})-[:HAS_SEGMENT]->(s:Segment)-[:INCLUDES]->(p:Product)<-[m:MAKES]-(c:Company)
WHERE s.key IN $segments AND (m.share IS NULL OR m.share >= $min_share)
  AND coalesce(m.review, '') <> 'rejected' AND ($pending OR coalesce(m.review, '') <> 'pending')
RETURN s.key AS segment_key, c.key AS company_key, c.name AS company, c.province AS province,
       c.city AS city, c.listed AS listed, collect(DISTINCT p.name) AS products, max(m.share) AS share,
       c.name_core AS core, c.name_region AS place_prefix
