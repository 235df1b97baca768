-- Social value of the measures that contribute to wider outcomes (`contributes to`), rolled up to
-- each of those outcomes. A measure contributing to two outcomes counts in full towards each, so
-- these rows are not added together.
SELECT k.outcome AS grouping, count(DISTINCT s.contract) AS contracts, count(DISTINCT k.measure) AS measures,
       sum(s.committed * s.value_per_figure) AS committed_value,
       sum(coalesce(f.delivered, 0) * s.value_per_figure) AS delivered_value
FROM contributions k
JOIN schedule s ON s.contract = k.contract AND s.measure = k.measure
LEFT JOIN current_returns r ON r.contract = s.contract AND r.period = s.period
LEFT JOIN figures f ON f.return_id = r.return_id AND f.measure = s.measure
WHERE s.due <= DATE '{as_of}' OR r.return_id IS NOT NULL
GROUP BY k.outcome
ORDER BY k.outcome
