{{ staged_rows('block_scores') }}
