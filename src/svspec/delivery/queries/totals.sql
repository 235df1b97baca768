-- Committed and delivered to date, with social value, summed by each dimension in one pass
-- (GROUPING SETS: one scan of the per-commitment sums for the five tables). The scheduled figures are
-- first summed per commitment (`schedule.delivered` is the current return's figure, kept at import),
-- so the rollup reads one row per commitment, not one per period.
WITH due AS (
    SELECT s.contract, s.measure, count(*) AS periods, sum(s.committed) AS committed,
           sum(coalesce(s.delivered, 0)) AS delivered,
           sum(CAST(s.committed AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6))) AS committed_value,
           sum(CAST(coalesce(s.delivered, 0) AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6))) AS delivered_value
    FROM schedule s
    WHERE s.due <= DATE '{as_of}' OR s.return_id IS NOT NULL
    GROUP BY s.contract, s.measure
), rows AS (
    SELECT c.contract, c.measure, c.outcome, c.theme, c.priority AS rank,
           CAST(c.priority AS VARCHAR) || '. ' || c.outcome AS priority, c.figure, c.unit,
           d.periods, d.committed, d.delivered, d.committed_value, d.delivered_value
    FROM due d
    JOIN commitments c ON c.contract = d.contract AND c.measure = d.measure
)
SELECT CASE WHEN GROUPING(contract) = 0 THEN 'contract' WHEN GROUPING(measure) = 0 THEN 'measure'
            WHEN GROUPING(outcome) = 0 THEN 'outcome' WHEN GROUPING(theme) = 0 THEN 'theme'
            ELSE 'priority' END AS dimension,
       coalesce(contract, measure, outcome, theme, priority) AS grouping,
       count(DISTINCT contract) AS contracts,
       -- A level (FTE held) is averaged over the periods, a total is summed.
       CASE WHEN min(figure) = 'level' AND max(figure) = 'level'
            THEN CAST(CAST(sum(committed) AS DOUBLE) / sum(periods) AS DECIMAL(38, 6))
            ELSE sum(committed) END AS committed,
       CASE WHEN min(figure) = 'level' AND max(figure) = 'level'
            THEN CAST(CAST(sum(delivered) AS DOUBLE) / sum(periods) AS DECIMAL(38, 6))
            ELSE sum(delivered) END AS delivered,
       sum(committed_value) AS committed_value,
       sum(delivered_value) AS delivered_value,
       min(unit) AS unit,
       CASE WHEN min(coalesce(unit, '')) = max(coalesce(unit, '')) THEN 1 ELSE 2 END AS units
FROM rows
GROUP BY GROUPING SETS ((contract), (measure), (outcome), (theme), (priority))
ORDER BY dimension, min(rank), grouping
