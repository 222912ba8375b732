"""Reading: a plan file read within bounds and validated against the schema, the shipped data, and safe writes."""
