using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GitReload.Host;

/// <summary>
/// <c>GET /openapi/{documentName}.json</c> by ASP.NET Core's own generator (<c>AddOpenApi</c>, <c>MapOpenApi</c>,
/// described by <see cref="OpenApiSetup"/>), in a container of its own built at the first request. Registered in
/// the app's container, the generator loaded MVC's ApiExplorer and the OpenAPI assemblies at every start (1.5 MB
/// resident, ~20 ms of CPU before the first answer, issue 16) for a document few ever ask for. What the generator
/// reads of the app (its endpoints, which handler parameters are services, route constraints, JSON options,
/// environment, server addresses, logging) comes from the app's container, so the document is the one it was.
/// </summary>
public static class OpenApiDocuments
{
    /// <summary>Where the documents are, as <c>MapOpenApi</c> maps them.</summary>
    public const string Pattern = "/openapi/{documentName}.json";

    /// <summary>Maps <see cref="Pattern"/>; nothing of OpenAPI is loaded until it is first asked for.</summary>
    public static void Map(WebApplication app)
    {
        var documents = new Lazy<Generator>(() => Generator.Build(app.Services), LazyThreadSafetyMode.ExecutionAndPublication);
        app.MapGet(Pattern, context => documents.Value.Serve(context)).ExcludeFromDescription();
    }


    private sealed class Generator(ServiceProvider services, RequestDelegate serve)
    {
        public async Task Serve(HttpContext context)
        {
            var requestServices = context.RequestServices;
            await using var scope = services.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            try
            {
                await serve(context);
            }
            finally
            {
                context.RequestServices = requestServices;
            }
        }

        public static Generator Build(IServiceProvider app)
        {
            var services = new ServiceCollection();
            services.AddSingleton(app.GetRequiredService<IHostEnvironment>());
            services.AddSingleton(app.GetRequiredService<IWebHostEnvironment>());
            services.AddSingleton(app.GetRequiredService<EndpointDataSource>());
            services.AddSingleton(app.GetRequiredService<ParameterPolicyFactory>());
            services.AddSingleton(app.GetRequiredService<IOptions<JsonOptions>>());
            services.AddSingleton(app.GetRequiredService<IServer>());
            services.AddSingleton(app.GetRequiredService<ILoggerFactory>());
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            // GitReload's routes are in their own OpenAPI group; the host's one document shows them all.
            services.AddOpenApi(o =>
            {
                o.ShouldInclude = _ => true;
                OpenApiSetup.Describe(o);
            });
            // Which handler parameters are services is for the app's container to say, not this one's.
            var endpointsExplorer = services.Single(d => d.ServiceType == typeof(IApiDescriptionProvider));
            services.Remove(endpointsExplorer);
            var isService = app.GetRequiredService<IServiceProviderIsService>();
            services.AddTransient(s => (IApiDescriptionProvider)ActivatorUtilities.CreateInstance(s, endpointsExplorer.ImplementationType!, isService));

            var provider = services.BuildServiceProvider();
            var routes = new Routes(provider);
            routes.MapOpenApi(Pattern);
            var endpoint = (RouteEndpoint)routes.DataSources.Single().Endpoints.Single();
            return new Generator(provider, endpoint.RequestDelegate!);
        }
    }

    private sealed class Routes(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;
        public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();
        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}
