-- Committed and delivered for each commitment and period due by the report date (or returned).
SELECT s.contract, s.measure, c.title, c.unit, c.theme, c.outcome, c.priority, c.kpi, s.period, s.due,
       s.committed, f.delivered,
       s.committed * s.value_per_figure AS committed_value,
       f.delivered * s.value_per_figure AS delivered_value
FROM schedule s
JOIN commitments c ON c.contract = s.contract AND c.measure = s.measure
LEFT JOIN current_returns r ON r.contract = s.contract AND r.period = s.period
LEFT JOIN figures f ON f.return_id = r.return_id AND f.measure = s.measure
WHERE s.due <= DATE '{as_of}' OR r.return_id IS NOT NULL
ORDER BY s.contract, s.measure, s.period_start
