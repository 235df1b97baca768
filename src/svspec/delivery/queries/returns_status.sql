-- Each period's return: on time, late (first received after its due date), missing or not yet due.
-- `periods.revisions` is the period's current revision, kept up to date at import.
SELECT p.contract, p.period, p.due, first.submitted AS first_received, p.revisions,
       CASE WHEN p.revisions IS NULL AND p.due < DATE '{as_of}' THEN 'missing'
            WHEN p.revisions IS NULL THEN 'not yet due'
            WHEN coalesce(first.submitted, CAST(first.imported_at AS DATE)) > p.due THEN 'late'
            ELSE 'on time' END AS status
FROM periods p
LEFT JOIN returns first ON first.contract = p.contract AND first.period = p.period AND first.revision = 1
WHERE p.due <= DATE '{as_of}' OR p.revisions IS NOT NULL
ORDER BY p.contract, p.period_start
