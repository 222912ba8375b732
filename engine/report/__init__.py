"""The report for a plan sponsor (`megaroth report`): check, census and documents gathered into one HTML file, with its inline charts, and PDF."""
