"""Running: settings and config, a run over many files (in worker processes), and where each report goes."""
