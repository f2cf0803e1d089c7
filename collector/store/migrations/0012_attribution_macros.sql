-- What gpu-spend and cost-per-1k both read, defined once (as 0011 does for prices and idle episodes): the attribution
-- rules in the order they apply, and the GPU allocations overlapping a window. Macro parameters take precedence over
-- column names: none of the names below is a column of the tables read.

-- attribution_rules(rules_json): the rules of pulse.yaml (bound as JSON, in their order) before those of the
-- ownership_rules table: priority, kind (tag | namespace | label), key, value, team, service.
CREATE OR REPLACE MACRO attribution_rules(rules_json) AS TABLE
  SELECT priority, kind, "key", "value", team, service
  FROM (SELECT unnest(from_json(rules_json, '[{"priority":"INTEGER","kind":"VARCHAR","key":"VARCHAR","value":"VARCHAR","team":"VARCHAR","service":"VARCHAR"}]'), recursive := true))
  UNION ALL
  SELECT 1000000 + priority, match_kind, match_key, match_value, team, service
  FROM ownership_rules WHERE match_kind IN ('tag', 'namespace', 'label');

-- allocations_overlapping(win_from, win_to): gpu_allocations rows that overlap [win_from, win_to), numbered
-- (alloc_id), an open one ending at infinity; the pod's time-slicing share is alloc_share.
CREATE OR REPLACE MACRO allocations_overlapping(win_from, win_to) AS TABLE
  SELECT row_number() OVER () AS alloc_id, a.gpu_uuid, a.gpu_instance, a.namespace, a.pod, a.container, a.share AS alloc_share,
         a.start_at, coalesce(a.end_at, 'infinity'::TIMESTAMPTZ) AS end_at
  FROM gpu_allocations a
  WHERE a.start_at < win_to AND coalesce(a.end_at, 'infinity'::TIMESTAMPTZ) > win_from;
