-- Committed and delivered to date, with social value, summed by each dimension in one pass
-- (GROUPING SETS: one scan of the per-commitment sums for the five tables). A commitment's sums are
-- those of its returned periods, kept up to date at import (`progress`), and of its periods due but
-- not returned (`schedule`, committed only): one row per commitment, whatever the number of periods.
WITH due AS (
    SELECT p.contract, p.measure, p.periods, p.committed, p.delivered, p.committed_value, p.delivered_value
    FROM progress p
    UNION ALL
    SELECT s.contract, s.measure, 1, s.committed, 0,
           CAST(s.committed AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6)),
           CASE WHEN s.value_per_figure IS NOT NULL THEN 0 END
    FROM schedule s
    WHERE s.return_id IS NULL AND s.due <= DATE '{as_of}'
), per_commitment AS (
    SELECT d.contract, d.measure, sum(d.periods) AS periods, sum(d.committed) AS committed,
           sum(d.delivered) AS delivered, sum(d.committed_value) AS committed_value,
           sum(d.delivered_value) AS delivered_value
    FROM due d
    GROUP BY d.contract, d.measure
    HAVING sum(d.periods) > 0
), rows AS (
    SELECT c.contract, c.measure, c.outcome, c.theme, c.priority AS rank,
           CAST(c.priority AS VARCHAR) || '. ' || c.outcome AS priority, c.figure, c.unit,
           d.periods, d.committed, d.delivered, d.committed_value, d.delivered_value
    FROM per_commitment d
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
