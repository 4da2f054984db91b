using Carter;
using GitReload.AspNetCore;
using GitReload.Embedding.App;
using Microsoft.AspNetCore.Authentication;

// Someone else's service: its own Carter modules (found by Carter's scanning, its default), its own
// health check and authentication, and GitReload from its packages, configured from the section
// "GitReload": the hooks open under /hooks, the reads behind the app's own authorization under /ops.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCarter();
builder.Services.AddAuthentication(ApiKeyAuthentication.Name)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.Name, null);
builder.Services.AddAuthorization();
var health = builder.Services.AddHealthChecks().AddCheck<OwnDatabaseCheck>(OwnDatabaseCheck.Name);
if (builder.Configuration.GetValue<bool>("App:GitReloadInHealth"))
    health.AddGitReloadChecks();
builder.Services.AddOpenApi();
builder.Services.AddOpenApi(GitReloadEndpoints.OpenApiDocument, o => o.ShouldInclude = d => d.GroupName == GitReloadEndpoints.OpenApiDocument);
builder.Services.AddGitReload(builder.Configuration.GetSection("GitReload"));

var app = builder.Build();
app.MapCarter();
app.MapHealthChecks("/healthz");
app.MapOpenApi();
app.MapGitReloadHooks("/hooks");
app.MapGitReloadReads("/ops").RequireAuthorization();
app.MapGitReloadHealth("/ops");
app.Run();
