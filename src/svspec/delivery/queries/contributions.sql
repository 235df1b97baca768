-- Social value of the measures that contribute to wider outcomes (`contributes to`), rolled up to
-- each of those outcomes. A measure contributing to two outcomes counts in full towards each, so
-- these rows are not added together. The sums per commitment are read as in totals.sql.
WITH due AS (
    SELECT p.contract, p.measure, p.periods, p.committed_value, p.delivered_value
    FROM progress p
    WHERE EXISTS (SELECT 1 FROM contributions x WHERE x.contract = p.contract AND x.measure = p.measure)
    UNION ALL
    SELECT s.contract, s.measure, 1, CAST(s.committed AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6)),
           CASE WHEN s.value_per_figure IS NOT NULL THEN 0 END
    FROM schedule s
    WHERE s.return_id IS NULL AND s.due <= DATE '{as_of}'
      AND EXISTS (SELECT 1 FROM contributions x WHERE x.contract = s.contract AND x.measure = s.measure)
), per_commitment AS (
    SELECT d.contract, d.measure, sum(d.committed_value) AS committed_value, sum(d.delivered_value) AS delivered_value
    FROM due d
    GROUP BY d.contract, d.measure
    HAVING sum(d.periods) > 0
)
SELECT k.outcome AS grouping, count(DISTINCT d.contract) AS contracts, count(DISTINCT k.measure) AS measures,
       sum(d.committed_value) AS committed_value, sum(d.delivered_value) AS delivered_value
FROM contributions k
JOIN per_commitment d ON d.contract = k.contract AND d.measure = k.measure
GROUP BY k.outcome
ORDER BY k.outcome
