-- Committed and delivered to date, with social value, summed by one dimension.
SELECT CAST(c.{dimension} AS VARCHAR) AS grouping, count(DISTINCT s.contract) AS contracts,
       -- A level (FTE held) is averaged over the periods, a total is summed.
       CASE WHEN min(c.figure) = 'level' AND max(c.figure) = 'level' THEN CAST(avg(s.committed) AS DECIMAL(38, 6))
            ELSE sum(s.committed) END AS committed,
       CASE WHEN min(c.figure) = 'level' AND max(c.figure) = 'level' THEN CAST(avg(coalesce(f.delivered, 0)) AS DECIMAL(38, 6))
            ELSE sum(coalesce(f.delivered, 0)) END AS delivered,
       sum(s.committed * s.value_per_figure) AS committed_value,
       sum(coalesce(f.delivered, 0) * s.value_per_figure) AS delivered_value,
       min(c.unit) AS unit, count(DISTINCT coalesce(c.unit, '')) AS units
FROM schedule s
JOIN commitments c ON c.contract = s.contract AND c.measure = s.measure
LEFT JOIN current_returns r ON r.contract = s.contract AND r.period = s.period
LEFT JOIN figures f ON f.return_id = r.return_id AND f.measure = s.measure
WHERE s.due <= DATE '{as_of}' OR r.return_id IS NOT NULL
GROUP BY c.{dimension}
ORDER BY min(c.priority), CAST(c.{dimension} AS VARCHAR)
