"""The census ACP test (§401(m), Treas. Reg. §1.401(m)-2): read the census, test it, correct it, report it.

Above ``reporting`` and below ``running``: it uses ``money`` (the limits
table) and ``reading`` (atomic writes), and ``running`` may one day drive it.
Its output formats live here (``report``), not in ``reporting/reporters``:
those report findings of plan files, and the census test reports groups,
percentages and refunds, a different document.
"""
