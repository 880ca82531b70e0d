{{ staged_rows('registry_measures') }}
