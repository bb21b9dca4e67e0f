"""The one exception type the command line turns into a readable one-line message."""


class IncarError(Exception):
    """An error a person can act on; its message is shown as-is, without a traceback.

    Raise it (or a subclass) for bad input, a missing model, an unreachable API and the like.
    Anything else that escapes to the command line is a bug and is reported as one.
    """
