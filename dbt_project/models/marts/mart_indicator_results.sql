-- Grain: period_code, ward_code, measure_code for every ward whose report was accepted:
-- every catalog measure judged against the city's assigned target, with the cell it came
-- from and last year's value. The judging is int_indicators__judged (the award rules read
-- it); a published period keeps the figures the board announced (thidua publish).
{{ announced(ref('int_indicators__judged'), 'mart_indicator_results') }}
