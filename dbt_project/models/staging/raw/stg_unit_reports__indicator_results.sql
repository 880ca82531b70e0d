{{ staged_rows('unit_indicator_results') }}
