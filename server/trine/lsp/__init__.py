"""The language server: pygls and lsprotocol live here and nowhere else."""
