-- Committed and delivered for each commitment and period due by the report date (or returned).
-- `schedule.delivered` is the figure of the period's current return, kept up to date at import.
SELECT s.contract, s.measure, c.title, c.unit, c.theme, c.outcome, c.priority, c.kpi, s.period, s.due,
       s.committed, s.delivered,
       CAST(s.committed AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6)) AS committed_value,
       CAST(s.delivered AS DECIMAL(18, 6)) * CAST(s.value_per_figure AS DECIMAL(18, 6)) AS delivered_value
FROM schedule s
JOIN commitments c ON c.contract = s.contract AND c.measure = s.measure
WHERE s.due <= DATE '{as_of}' OR s.return_id IS NOT NULL
ORDER BY s.contract, s.measure, s.period_start
