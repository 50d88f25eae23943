"""A no-op decorator that records which clauses a function implements (read by trine)."""


def implements(*clauses):
    def mark(function):
        return function

    return mark
