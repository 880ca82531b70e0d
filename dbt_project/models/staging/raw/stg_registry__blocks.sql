{{ staged_rows('registry_blocks') }}
