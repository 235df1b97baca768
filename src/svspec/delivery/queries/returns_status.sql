-- Each period's return: on time, late (first received after its due date), missing or not yet due.
SELECT p.contract, p.period, p.due, first.submitted AS first_received, cur.revision AS revisions,
       CASE WHEN cur.return_id IS NULL AND p.due < DATE '{as_of}' THEN 'missing'
            WHEN cur.return_id IS NULL THEN 'not yet due'
            WHEN coalesce(first.submitted, CAST(first.imported_at AS DATE)) > p.due THEN 'late'
            ELSE 'on time' END AS status
FROM (SELECT contract, period, min(period_start) AS period_start, max(due) AS due
      FROM schedule GROUP BY contract, period) p
LEFT JOIN current_returns cur ON cur.contract = p.contract AND cur.period = p.period
LEFT JOIN returns first ON first.contract = p.contract AND first.period = p.period AND first.revision = 1
WHERE p.due <= DATE '{as_of}' OR cur.return_id IS NOT NULL
ORDER BY p.contract, p.period_start
