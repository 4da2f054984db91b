using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitReload.AspNetCore.Tests;

/// <summary>The app's own Carter module.</summary>
public sealed class HelloModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/hello", () => "the app's own route");
        app.MapPost("/echo", async (HttpRequest request) => (await new StreamReader(request.Body).ReadToEndAsync()).Length);
    }
}
