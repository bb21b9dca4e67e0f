"""The neutral core: what the head unit's parts and the store share without knowing each other.

Commands, intents, replies, screens and the session's state (the vocabulary voice, touch and
the screens speak), and the language helpers (number words, money in words, plurals, PINs).
It imports no other project package, so anything may import it and it can be used and tested
alone.
"""
