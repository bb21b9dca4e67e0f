"""Offline voice ordering: Vosk speech in, espeak-ng speech out, language understanding.

Nothing in this package imports Kivy, so the shell, the scripted sessions and the benchmarks
use it headless.
"""
