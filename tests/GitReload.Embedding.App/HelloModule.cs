using Carter;

namespace GitReload.Embedding.App;

/// <summary>The app's own Carter module.</summary>
public sealed class HelloModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapGet("/hello", () => "the app's own route");
}
