namespace GitReload.Adapters.Http;

/// <summary>The areas GitReload's routes are grouped in, in the OpenAPI document.</summary>
public static class OpenApiTags
{
    /// <summary>The forge webhooks.</summary>
    public const string Hooks = "Hooks";

    /// <summary>The jobs waiting and running.</summary>
    public const string Queue = "Queue";

    /// <summary>The job history.</summary>
    public const string Jobs = "Jobs";

    /// <summary>The hosts of the fleet.</summary>
    public const string Hosts = "Hosts";

    /// <summary>The pages for a person.</summary>
    public const string Dashboard = "Dashboard";

    /// <summary>Jobs run by hand with <c>ADMIN_TOKEN</c>.</summary>
    public const string Operator = "Operator";

    /// <summary>Health.</summary>
    public const string Health = "Health";
}
