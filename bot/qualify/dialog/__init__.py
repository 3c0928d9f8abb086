"""The qualification dialog's steps, in the order a message goes through them: read it
(reading), record its facts (facts), refresh the verdict (verdict), choose what comes next
(asking), or hand the lead to a person (outcomes). A Turn carries what they share."""
