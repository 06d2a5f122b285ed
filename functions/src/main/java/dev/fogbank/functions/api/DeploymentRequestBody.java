package dev.fogbank.functions.api;

import java.util.Map;

/** POST /deployments body. Unknown fields and wrong types are refused by the strict reader. */
record DeploymentRequestBody(
    String stackName,
    String templateBody,
    Map<String, String> parameters,
    Map<String, String> tags) {}
