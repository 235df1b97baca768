-- Each KPI to date: the share of its committed figure delivered and its rating (Procurement Act 2023 s.71).
-- A level (FTE held) is shown as its average over the periods due; the share is the same either way.
-- Ratings compare by multiplying, never dividing, so that a share exactly on a threshold is exact.
-- The sums over the periods due by the report date: those of the returned periods (`progress`, kept at
-- import), less the returned periods not yet due, plus the periods due and not returned.
WITH kpi AS (
    SELECT contract, measure FROM commitments WHERE kpi
), parts AS (
    SELECT p.contract, p.measure, p.periods, p.committed, p.delivered
    FROM progress p JOIN kpi ON kpi.contract = p.contract AND kpi.measure = p.measure
    UNION ALL
    SELECT s.contract, s.measure, -1, -s.committed, -s.delivered
    FROM schedule s JOIN kpi ON kpi.contract = s.contract AND kpi.measure = s.measure
    WHERE s.return_id IS NOT NULL AND s.due > DATE '{as_of}'
    UNION ALL
    SELECT s.contract, s.measure, 1, s.committed, 0
    FROM schedule s JOIN kpi ON kpi.contract = s.contract AND kpi.measure = s.measure
    WHERE s.return_id IS NULL AND s.due <= DATE '{as_of}'
), due AS (
    SELECT contract, measure, sum(periods) AS periods, sum(committed) AS committed, sum(delivered) AS delivered
    FROM parts
    GROUP BY contract, measure
)
SELECT k.contract, k.measure, k.title, k.unit, k.figure,
       CAST(CASE WHEN k.figure = 'level' AND k.periods > 0 THEN CAST(k.committed AS DOUBLE) / k.periods ELSE k.committed END
            AS DECIMAL(38, 6)) AS committed,
       CAST(CASE WHEN k.figure = 'level' AND k.periods > 0 THEN CAST(k.delivered AS DOUBLE) / k.periods ELSE k.delivered END
            AS DECIMAL(38, 6)) AS delivered,
       CASE WHEN k.committed = 0 THEN NULL ELSE CAST(CAST(k.delivered AS DOUBLE) / CAST(k.committed AS DOUBLE) AS DECIMAL(38, 6)) END AS share,
       k.rating_good, k.rating_approaching, k.rating_improvement,
       CASE WHEN k.periods = 0 THEN 'Other'
            WHEN k.delivered >= CAST(k.committed AS DECIMAL(18, 6)) * k.rating_good THEN 'Good'
            WHEN k.delivered >= CAST(k.committed AS DECIMAL(18, 6)) * k.rating_approaching THEN 'Approaching target'
            WHEN k.delivered >= CAST(k.committed AS DECIMAL(18, 6)) * k.rating_improvement THEN 'Requires improvement'
            ELSE 'Inadequate' END AS rating
FROM (SELECT c.contract, c.measure, c.title, c.unit, c.figure, ct.rating_good, ct.rating_approaching,
             ct.rating_improvement, coalesce(d.periods, 0) AS periods, coalesce(d.committed, 0) AS committed,
             coalesce(d.delivered, 0) AS delivered
      FROM commitments c
      JOIN contracts ct ON ct.contract = c.contract
      LEFT JOIN due d ON d.contract = c.contract AND d.measure = c.measure
      WHERE c.kpi) k
ORDER BY k.contract, k.measure
