"""`thidua serve`: a read-only web portal over the last published warehouse.

app.py routes and guards, data.py reads the marts, charts.py draws SVG, export.py writes
what a page shows as Excel or CSV; templates/ and static/ are everything the browser loads.
"""
