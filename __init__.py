"""megaroth: checks 401(k) plans for the Mega Backdoor Roth.

Installed, this folder is the ``megaroth`` package: cli.py, engine/, and the
rule catalog (rules/) and schemas (schemas/) as data (pyproject's package-dir).
"""

__version__ = "0.1.0"
