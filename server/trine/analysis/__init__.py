"""Analysis: rules that turn the trace graph into diagnostics and coverage."""
