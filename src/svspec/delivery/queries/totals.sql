-- Committed and delivered to date, with social value, summed by each dimension in one pass
-- (GROUPING SETS: one scan of the rows for the five tables).
WITH due AS (
    SELECT c.contract, c.measure, c.outcome, c.theme, c.priority AS rank,
           CAST(c.priority AS VARCHAR) || '. ' || c.outcome AS priority, c.figure, c.unit,
           s.committed, coalesce(f.delivered, 0) AS delivered, s.value_per_figure
    FROM schedule s
    JOIN commitments c ON c.contract = s.contract AND c.measure = s.measure
    LEFT JOIN current_returns r ON r.contract = s.contract AND r.period = s.period
    LEFT JOIN figures f ON f.return_id = r.return_id AND f.measure = s.measure
    WHERE s.due <= DATE '{as_of}' OR r.return_id IS NOT NULL
)
SELECT CASE WHEN GROUPING(contract) = 0 THEN 'contract' WHEN GROUPING(measure) = 0 THEN 'measure'
            WHEN GROUPING(outcome) = 0 THEN 'outcome' WHEN GROUPING(theme) = 0 THEN 'theme'
            ELSE 'priority' END AS dimension,
       coalesce(contract, measure, outcome, theme, priority) AS grouping,
       count(DISTINCT contract) AS contracts,
       -- A level (FTE held) is averaged over the periods, a total is summed.
       CASE WHEN min(figure) = 'level' AND max(figure) = 'level' THEN CAST(avg(committed) AS DECIMAL(38, 6))
            ELSE sum(committed) END AS committed,
       CASE WHEN min(figure) = 'level' AND max(figure) = 'level' THEN CAST(avg(delivered) AS DECIMAL(38, 6))
            ELSE sum(delivered) END AS delivered,
       sum(committed * value_per_figure) AS committed_value,
       sum(delivered * value_per_figure) AS delivered_value,
       min(unit) AS unit,
       CASE WHEN min(coalesce(unit, '')) = max(coalesce(unit, '')) THEN 1 ELSE 2 END AS units
FROM due
GROUP BY GROUPING SETS ((contract), (measure), (outcome), (theme), (priority))
ORDER BY dimension, min(rank), grouping
