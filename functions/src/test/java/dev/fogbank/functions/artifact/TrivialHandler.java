package dev.fogbank.functions.artifact;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The cold-start baseline for {@link ColdStartBench}: the least a Java Lambda can do. It runs from
 * a jar holding only this class and aws-lambda-java-core.
 */
public final class TrivialHandler implements RequestHandler<Map<String, Object>, String> {
  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "ok";
  }
}
