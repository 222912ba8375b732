"""Reporting: what megaroth writes for people and machines: the output formats, the calculator's tables, charts, rule docs, the plan template."""
