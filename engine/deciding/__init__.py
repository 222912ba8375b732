"""Deciding: facts derived from a plan, the rule catalog evaluated by durable-rules, waivers, findings and verdicts."""
