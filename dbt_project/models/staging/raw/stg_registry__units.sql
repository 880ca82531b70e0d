{{ staged_rows('registry_units') }}
