using System.Text.Json.Nodes;
using GitReload.Adapters.Http;
using GitReload.Adapters.Http.Hooks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GitReload.Host;

/// <summary>
/// <c>GET /openapi/v1.json</c>: GitReload's name and real version, what each area is, and what the
/// routes' own metadata cannot say: the <c>/jobs</c> filters are read as text (so that a bad one gets
/// GitReload's own 400), but <c>limit</c> is a whole number and <c>status</c> one of four words; a hook
/// also takes its JSON in a form field; and numbers are numbers (the answers never write them as text,
/// which ASP.NET's default JSON options would let the document claim).
/// </summary>
public static class OpenApiSetup
{
    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "GitReload",
                Version = Application.GitReloadVersion.Text,
                Description = "Receives push webhooks and keeps git checkouts in step with them: course imports and updates.",
            };
            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = OpenApiTags.Hooks, Description = "Forge webhooks: every answer is {\"msg\": ...}, plus job_id when a job was queued or merged" },
                new() { Name = OpenApiTags.Queue, Description = "The jobs waiting or running" },
                new() { Name = OpenApiTags.Jobs, Description = "The job history from the journal" },
                new() { Name = OpenApiTags.Dashboard, Description = "Pages for a person" },
                new() { Name = OpenApiTags.Operator, Description = "Jobs run by hand, with ADMIN_TOKEN" },
                new() { Name = OpenApiTags.Health, Description = "Whether REPODIR is readable, the workers run and the journal is writable" },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            // The hook routes read their body themselves: declared with Accepts, any other content type would get 415.
            if (operation.Tags?.Any(t => t.Name == OpenApiTags.Hooks) == true)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(PushPayload), null, cancellationToken) },
                        ["application/x-www-form-urlencoded"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "payload" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["payload"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The push body as JSON text" },
                                },
                            },
                        },
                    },
                };
            }
            if (context.Description.RelativePath == "jobs")
            {
                foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                {
                    parameter.Schema = parameter.Name switch
                    {
                        "limit" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "1000", Default = JsonValue.Create(50) },
                        "status" => new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["queued", "running", "succeeded", "failed"] },
                        _ => parameter.Schema,
                    };
                }
            }
        });
        options.AddSchemaTransformer((schema, _, _) =>
        {
            if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer | JsonSchemaType.String) && schema.Format is "int32" or "int64")
                (schema.Type, schema.Pattern) = (type & ~JsonSchemaType.String, null);
            return Task.CompletedTask;
        });
    }
}
