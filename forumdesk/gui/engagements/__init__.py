"""The Engagements view: each forum's petitions, consultations, co-option, juries, ballots
and online deliberation (list, detail, each kind's own panel), and residents' offers."""
