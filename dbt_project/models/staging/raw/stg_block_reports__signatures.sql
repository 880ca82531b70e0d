{{ staged_rows('block_signatures') }}
