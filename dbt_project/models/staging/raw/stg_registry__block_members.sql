{{ staged_rows('registry_block_members') }}
