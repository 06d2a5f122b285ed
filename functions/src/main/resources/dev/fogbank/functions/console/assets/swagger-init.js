// Swagger UI over fogbank's own OpenAPI document; "Try it out" calls this same server
// (Authorize with the local bearer token).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
});
