// Purpose: Record proposed merges, links and relations; a proposal already decided keeps its decision, a merge made by a rule is recorded as done.
// Param: $rows LIST<MAP>  {key, props}: the review key and kind, subject, target, reason, confidence, status (pending or auto), doc_id
// Param: $at STRING  when it was proposed (ISO time)
UNWIND $rows AS row
MERGE (r:Review {key: row.key})
ON CREATE SET r += row.props, r.proposed_at = $at
SET r.reason = row.props.reason, r.confidence = row.props.confidence,
    r.status = CASE WHEN r.status IN ['confirmed', 'rejected'] THEN r.status ELSE row.props.status END
