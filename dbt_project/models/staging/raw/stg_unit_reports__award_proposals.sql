{{ staged_rows('unit_award_proposals') }}
