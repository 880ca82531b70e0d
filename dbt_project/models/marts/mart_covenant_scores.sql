-- Grain: period_code, block_code, unit_code. The recomputed total and rank are the ones used;
-- the reported ones stand beside them. A published period keeps its announced figures.
{{ announced(ref('int_covenants__results'), 'mart_covenant_scores') }}
