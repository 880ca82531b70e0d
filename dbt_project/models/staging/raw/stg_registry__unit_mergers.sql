{{ staged_rows('registry_unit_mergers') }}
