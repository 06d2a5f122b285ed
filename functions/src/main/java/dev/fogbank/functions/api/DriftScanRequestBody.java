package dev.fogbank.functions.api;

import java.util.List;

/** POST /drift-scans body (optional): the stacks to scan; absent or empty: every managed stack. */
record DriftScanRequestBody(List<String> stacks) {}
