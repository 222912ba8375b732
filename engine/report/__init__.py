"""The report a plan sponsor reads (`megaroth report`): HTML, its inline charts, and PDF."""
