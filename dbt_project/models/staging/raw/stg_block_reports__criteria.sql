{{ staged_rows('block_criteria') }}
