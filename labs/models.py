# Lab models arrive with the labs issue.
