"""After the award (issue 11): contracts, delivery returns, the monitoring database and its reports.

- `periods`: quarters of a contract (`2027-Q2`), their dates and when returns are due;
- `contract`: `award` turns a tender and its winning bid into a `Contract` of commitments;
- `returns`: reading and checking a supplier's return, through the one reader (`svspec.reader`);
- `template`: blank returns to fill in (YAML, JSON, spreadsheet);
- `store`: the embedded DuckDB database, its versioned schema and atomic imports;
- `report`: the reports, whose queries are SQL files in `queries/`, written once.
"""
