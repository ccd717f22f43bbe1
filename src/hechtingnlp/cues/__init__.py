"""Cue detection: the lexicon, its context rules and the crisis detector."""
