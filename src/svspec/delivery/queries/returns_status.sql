-- Each period's return: on time, late (first received after its due date), missing or not yet due.
-- `periods` holds each period's current revision and when its first revision came, kept at import.
SELECT p.contract, p.period, p.due, p.first_submitted AS first_received, p.revisions,
       CASE WHEN p.revisions IS NULL AND p.due < DATE '{as_of}' THEN 'missing'
            WHEN p.revisions IS NULL THEN 'not yet due'
            WHEN p.first_received > p.due THEN 'late'
            ELSE 'on time' END AS status
FROM periods p
WHERE p.due <= DATE '{as_of}' OR p.revisions IS NOT NULL
ORDER BY p.contract, p.period_start
