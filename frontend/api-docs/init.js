// Starts Swagger UI on the OpenAPI document the hoi binary serves. Kept out of
// index.html so the page needs no inline script under the CSP.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // "Try it out" needs a bearer token: log in with POST /auth/login and use "Authorize".
    persistAuthorization: false,
    validatorUrl: null, // never send the document to an outside validator
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
