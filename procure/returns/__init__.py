"""Returned response matrices: what vendors sent back in, scores out.

In: returned XLSX or CSV files and the checklist they answer. Out: the rows read safely (`read`),
checked against the buyer's columns (`check`), counted per vendor (`scoring`) and reported as
Markdown, JSON and terminal lines (`report`).
"""
