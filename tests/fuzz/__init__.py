"""The fuzz suite: hostile and damaged bids, spreadsheets, marks and specs thrown at svspec.

Each target (`bids`, `sheets`, `marks`, `specs`) makes seeded inputs from the bundled Lambeth
example (mutations plus the payloads of issue 8) and examines what svspec does with them. The
oracles, in `harness`: no exception escapes a public entry point, no input takes more than 5 s
of CPU, a bid that is accepted is scored on exactly what a person sees in it, and a bid that
`validate` accepts scores without error.

    make test    # the short profile, tests/fuzz/test_short.py (a few thousand inputs)
    make fuzz    # the long profile, python -m tests.fuzz.run (>= 100,000 inputs, 2 processes)
"""
