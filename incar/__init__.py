"""Plumbing shared by every incar package: the command line, data paths, progress, errors.

It lives apart from the four product packages so that none of them imports another's internals
just to find the data directory or show a progress bar.
"""
