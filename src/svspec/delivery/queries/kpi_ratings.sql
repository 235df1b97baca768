-- Each KPI to date: the share of its committed figure delivered and its rating (Procurement Act 2023 s.71).
-- A level (FTE held) is shown as its average over the periods due; the share is the same either way.
-- Ratings compare by multiplying, never dividing, so that a share exactly on a threshold is exact.
WITH due AS (
    SELECT s.contract, s.measure, count(s.period) AS periods, sum(s.committed) AS committed,
           sum(coalesce(s.delivered, 0)) AS delivered
    FROM schedule s
    WHERE s.due <= DATE '{as_of}'
      AND EXISTS (SELECT 1 FROM commitments x WHERE x.contract = s.contract AND x.measure = s.measure AND x.kpi)
    GROUP BY s.contract, s.measure
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
