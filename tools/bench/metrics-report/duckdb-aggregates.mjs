#!/usr/bin/env node
// The baseline: DuckDB's read_json computes the report's aggregates over the same file, and prints
// them as JSON in the report's shape. Percentiles use quantile_cont (linear interpolation).
//   node tools/bench/metrics-report/duckdb-aggregates.mjs FILE
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: duckdb-aggregates.mjs FILE');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const literal = `'${file.replaceAll("'", "''")}'`;
await connection.run(`
  CREATE TEMP TABLE metrics AS
  SELECT task_type, coalesce(model_used, '(none)') AS model, fallback_depth, cloud, ttft_ms, latency_ms, success, error_class
  FROM read_json(${literal}, format = 'newline_delimited', columns = {
    type: 'VARCHAR', task_type: 'VARCHAR', model_used: 'VARCHAR', fallback_depth: 'BIGINT', cloud: 'BOOLEAN',
    ttft_ms: 'DOUBLE', latency_ms: 'DOUBLE', success: 'BOOLEAN', error_class: 'VARCHAR'
  })
  WHERE type = 'routing_metric'`);

async function rows(sql) {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson();
}
const groupColumns = `
  count(*) AS requests, count(*) FILTER (success) AS successes, count(*) FILTER (fallback_depth > 0) AS fallbacks,
  count(*) FILTER (cloud) AS cloud_requests, count(ttft_ms) AS ttft_count,
  quantile_cont(latency_ms, [0.5, 0.95, 0.99]) AS latency, quantile_cont(ttft_ms, [0.5, 0.95, 0.99]) AS ttft`;
const toGroup = (row) => ({
  requests: Number(row.requests),
  successes: Number(row.successes),
  fallbacks: Number(row.fallbacks),
  cloud_requests: Number(row.cloud_requests),
  latency_ms: { p50: row.latency?.[0] ?? null, p95: row.latency?.[1] ?? null, p99: row.latency?.[2] ?? null },
  ttft_ms: {
    count: Number(row.ttft_count),
    p50: row.ttft?.[0] ?? null,
    p95: row.ttft?.[1] ?? null,
    p99: row.ttft?.[2] ?? null,
  },
});
const [totals] = await rows(`SELECT ${groupColumns} FROM metrics`);
const byTask = await rows(`SELECT task_type, ${groupColumns} FROM metrics GROUP BY task_type ORDER BY task_type`);
const byModel = await rows(`SELECT model, ${groupColumns} FROM metrics GROUP BY model ORDER BY model`);
const depths = await rows(`SELECT fallback_depth AS depth, count(*) AS requests FROM metrics GROUP BY 1 ORDER BY 1`);
const errors = await rows(
  `SELECT coalesce(error_class, 'unknown') AS error_class, count(*) AS count FROM metrics WHERE NOT success GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
);
process.stdout.write(
  JSON.stringify({
    totals: toGroup(totals),
    by_task: byTask.map((row) => ({ task_type: row.task_type, ...toGroup(row) })),
    by_model: byModel.map((row) => ({ model: row.model, ...toGroup(row) })),
    fallback_depths: depths.map((row) => ({ depth: Number(row.depth), requests: Number(row.requests) })),
    top_errors: errors.map((row) => ({ error_class: row.error_class, count: Number(row.count) })),
  }),
);
