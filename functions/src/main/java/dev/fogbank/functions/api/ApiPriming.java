package dev.fogbank.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * The api group's JSON paths for SnapStart priming (see {@code SnapStartPriming}): an answer
 * written through {@link ApiHandler} and a {@code POST /deployments} body read by the routes'
 * strict reader. Neither reads nor writes anything outside the JVM.
 */
public final class ApiPriming {
  private static final String DEPLOYMENT_BODY =
      "{\"stackName\": \"priming\", \"templateBody\": \"Resources: {}\","
          + " \"parameters\": {\"Env\": \"prod\"}, \"tags\": {\"team\": \"platform\"},"
          + " \"options\": {\"approval\": \"never\", \"production\": false}}";

  private ApiPriming() {}

  /** Runs the JSON work of a {@code POST /deployments} without submitting anything. */
  public static void exerciseJson(ApiRoutes routes) {
    APIGatewayV2HTTPEvent health =
        APIGatewayV2HTTPEvent.builder()
            .withRawPath("/health")
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withStage("$default")
                    .withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                            .withMethod("GET")
                            .withPath("/health")
                            .build())
                    .build())
            .build();
    new ApiHandler(routes).handleRequest(health, null);
    ApiRoutes.parse(
        DEPLOYMENT_BODY,
        DeploymentRequestBody.class,
        "stackName, templateBody, templateUrl, parameters, tags, options");
  }
}
