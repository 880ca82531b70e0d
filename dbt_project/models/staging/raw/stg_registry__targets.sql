{{ staged_rows('registry_targets') }}
