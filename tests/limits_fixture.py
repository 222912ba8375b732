"""A user's limits file for the tests: hypothetical 2027 figures (no Notice is out for 2027 yet).

Any whole-dollar figures with a source will do; the tests that use them work their expected numbers
from these figures, never from megaroth's own table.
"""

LIMITS_2027 = """\
years:
  2027:
    source: IRS Notice 2026-99 (test figures)
    deferral_402g: 25000
    catch_up_414v: 8000
    annual_additions_415c: 74000
    compensation_401a17: 370000
    hce_414q: 165000
    ira_219b: 7500
    ira_catch_up_219b: 1100
"""
