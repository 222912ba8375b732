"""Reading a plan's documents into a draft plan file (`megaroth decode`)."""
