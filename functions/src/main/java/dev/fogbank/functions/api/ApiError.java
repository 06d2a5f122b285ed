package dev.fogbank.functions.api;

import dev.fogbank.shared.error.ErrorCode;

/** A 4xx/5xx answer: {"error":{"code","message"}}. */
record ApiError(int status, String code, String message) {
  static ApiError of(ErrorCode code, String message) {
    return new ApiError(code.httpStatus(), code.name(), message);
  }
}
