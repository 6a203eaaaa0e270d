"""Reviewers' decisions on flags, and the variants a project accepts.

Pure functions and plain dataclasses: which flag an id names, what a decision is, how
decisions add up to a measured precision, which flags an accepted variant covers. The
store keeps them (:mod:`mtcompare.store.reviews`); ``mtcompare serve`` and
``mtcompare review`` are their front ends.
"""
