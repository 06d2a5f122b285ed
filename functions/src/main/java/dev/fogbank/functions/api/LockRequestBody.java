package dev.fogbank.functions.api;

/** POST /stacks/{name}/lock body: how long the manual lock lasts, and why it is taken. */
record LockRequestBody(Integer ttlSeconds, String reason) {}
