package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.stack.StackName;
import dev.fogbank.shared.template.TemplateLimits;
import dev.fogbank.shared.template.TemplateUploads;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /templates/uploads}: a presigned URL to PUT a template too large for {@code
 * templateBody} (over 51,200 bytes, up to {@link TemplateLimits#MAX_TEMPLATE_BYTES}), and the
 * {@code templateUrl} to deploy it by. Only for a stack the caller may deploy.
 */
final class TemplateUploadRoutes {
  static final int MAX_BODY_BYTES = 4 * 1024;

  /** Served where the routes have uploads ({@code withTemplateUploads}). */
  static final List<Route> ROUTES =
      List.of(
          Route.post("/templates/uploads", "createTemplateUpload",
                  (api, r) -> api.templateUploads().create(r.body(), r.who()))
              .servedWhen(api -> api.templateUploads() != null));

  private static final java.util.regex.Pattern SHA256 =
      java.util.regex.Pattern.compile("[0-9a-f]{64}");

  /** POST /templates/uploads body: {@code sha256} (optional) names the object by content. */
  record Body(String stackName, String sha256) {}

  private final Supplier<TemplateUploads> uploads;

  TemplateUploadRoutes(Supplier<TemplateUploads> uploads) {
    this.uploads = uploads;
  }

  Response create(String body, Caller who) {
    if (body == null || body.isBlank()) {
      throw ApiRoutes.invalid("request body is missing: expected JSON with stackName");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw ApiRoutes.invalid("request body is over " + MAX_BODY_BYTES + " bytes");
    }
    Body request = ApiRoutes.parse(body, Body.class, "stackName, sha256");
    if (request.stackName() == null) {
      throw ApiRoutes.invalid("stackName is required");
    }
    StackName.require(request.stackName());
    if (request.sha256() != null && !SHA256.matcher(request.sha256()).matches()) {
      throw ApiRoutes.invalid("sha256 must be 64 lowercase hex digits (the template's SHA-256)");
    }
    who.require(Action.DEPLOY, request.stackName());
    TemplateUploads.TemplateUpload upload =
        uploads.get().create(request.stackName(), request.sha256());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("uploadUrl", upload.uploadUrl());
    answer.put("method", "PUT");
    answer.put("templateUrl", upload.templateUrl());
    answer.put("expiresAt", upload.expiresAt().toString());
    answer.put("maxBytes", TemplateLimits.MAX_TEMPLATE_BYTES);
    return new Response(201, answer);
  }
}
