namespace GitReload.Adapters.Reporting;

/// <summary>How one call to a forge or webhook went.</summary>
internal abstract record Delivered
{
    private Delivered() { }

    /// <summary>Accepted.</summary>
    public sealed record Accepted : Delivered;

    /// <summary>Answered with a refusal that another try would get again (401, 403, 404, 422...).</summary>
    public sealed record Refused(int Status, string Why) : Delivered;

    /// <summary>Not reached, timed out or answered with a server error: worth another try.</summary>
    public sealed record Unreachable(string Why) : Delivered;

    public static Delivered FromStatus(int status, string body) => status switch
    {
        >= 200 and < 300 => new Accepted(),
        408 or 429 or >= 500 => new Unreachable($"HTTP {status}{Said(body)}"),
        _ => new Refused(status, $"HTTP {status}{Said(body)}"),
    };

    public static Delivered FromException(Exception e) => new Unreachable(e switch
    {
        OperationCanceledException or TimeoutException => "no answer within the time limit",
        _ => $"{e.GetType().Name}: {e.Message}",
    });

    private static string Said(string body) => string.IsNullOrWhiteSpace(body) ? "" : $": {Domain.Reports.CommitStatuses.OneLine(body)}";
}
