{{ staged_rows('registry_award_history') }}
