"""Trained classifiers for the categorical facts: who decides, the writer's role, what the
message asks for, and whether a budget, a time or a company size is stated at all.

Linear models over character and word n-grams, trained from `corpus/nlu/` by one command
(`make nlu-model`) and shipped in `bot/qualify/nlu/trained/`; the rules stay where they are
exact (amounts, currencies, headcounts, calendar) and the classifiers decide whether and
what they found counts.
"""
