-- Each contract's returns counted by status (as in returns_status.sql): the portfolio's view, one row
-- per contract rather than one per period.
SELECT p.contract,
       sum(CASE WHEN p.revisions IS NOT NULL AND p.first_received <= p.due THEN 1 ELSE 0 END) AS on_time,
       sum(CASE WHEN p.revisions IS NOT NULL AND p.first_received > p.due THEN 1 ELSE 0 END) AS late,
       sum(CASE WHEN p.revisions IS NULL AND p.due < DATE '{as_of}' THEN 1 ELSE 0 END) AS missing,
       sum(CASE WHEN p.revisions IS NULL AND p.due >= DATE '{as_of}' THEN 1 ELSE 0 END) AS not_yet_due
FROM periods p
WHERE p.due <= DATE '{as_of}' OR p.revisions IS NOT NULL
GROUP BY p.contract
ORDER BY p.contract
