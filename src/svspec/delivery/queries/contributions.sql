-- Social value of the measures that contribute to wider outcomes (`contributes to`), rolled up to
-- each of those outcomes. A measure contributing to two outcomes counts in full towards each, so
-- these rows are not added together.
WITH due AS (
    SELECT s.contract, s.measure,
           sum(CAST(s.committed AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6))) AS committed_value,
           sum(CAST(coalesce(s.delivered, 0) AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6))) AS delivered_value
    FROM schedule s
    WHERE (s.due <= DATE '{as_of}' OR s.return_id IS NOT NULL)
      AND EXISTS (SELECT 1 FROM contributions x WHERE x.contract = s.contract AND x.measure = s.measure)
    GROUP BY s.contract, s.measure
)
SELECT k.outcome AS grouping, count(DISTINCT d.contract) AS contracts, count(DISTINCT k.measure) AS measures,
       sum(d.committed_value) AS committed_value, sum(d.delivered_value) AS delivered_value
FROM contributions k
JOIN due d ON d.contract = k.contract AND d.measure = k.measure
GROUP BY k.outcome
ORDER BY k.outcome
