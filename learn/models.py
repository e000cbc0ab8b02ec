# Lesson models arrive with the lessons issue.
