"""Project eligibility rules: the rule language, one person's explained result, and the SQL
that selects everybody eligible at once. Plain Python, no Django (DESIGN.md §3); see README.md.
"""
