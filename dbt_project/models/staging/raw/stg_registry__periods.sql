{{ staged_rows('registry_periods') }}
