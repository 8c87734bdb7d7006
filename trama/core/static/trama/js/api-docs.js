// Starts the Swagger UI of /api/v1/docs with the settings the page carries. Trama's own
// starter instead of django-ninja's, for one change: no deep links, whose anchors inside each
// operation's toggle button nest one control in another (axe: nested-interactive).
(function () {
  "use strict";
  var body = document.body.dataset;
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.deepLinking = false;
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (body.apiCsrf && body.csrfToken) {
    settings.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = body.csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(settings);
})();
