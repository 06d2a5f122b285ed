package dev.fogbank.functions.api;

import java.math.BigDecimal;
import java.util.Map;

/** POST /estimates body. Unknown fields and wrong types are refused by the strict reader. */
record EstimateRequestBody(
    String templateBody,
    Map<String, String> parameters,
    String region,
    Map<String, Map<String, BigDecimal>> usage) {}
