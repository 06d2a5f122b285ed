package dev.fogbank.functions.api;

/** POST /cost-scans body (optional): how many complete days to judge for anomalies. */
record CostScanRequestBody(Integer days) {}
