-- The per-node duration rollups are kept packed only (monitoring_node_day_packed /
-- monitoring_node_month_packed, built straight from monitoring_day_duration): the unpacked
-- per-node rows were an intermediate step that no query reads, and cost most of the rollup.
DROP TABLE monitoring_node_day_duration;
DROP TABLE monitoring_node_month_duration;
