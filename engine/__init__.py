"""megaroth: checks 401(k) plans for the Mega Backdoor Roth."""

__version__ = "0.1.0"
