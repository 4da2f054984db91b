using System.Text.Json.Nodes;
using LanguageExt;

namespace GitReload.Adapters.Reporting.Notifications;

/// <summary>A notification as the chosen webhook expects it.</summary>
internal static class NotificationBody
{
    public static JsonObject For(Notification n, NotifyFormat format) => format switch
    {
        NotifyFormat.Slack => Slack(n),
        NotifyFormat.Teams => Teams(n),
        _ => Json(n),
    };

    private static JsonObject Json(Notification n) => new()
    {
        ["job_id"] = n.Job.Value,
        ["repository"] = n.Repository,
        ["full_name"] = Value(n.FullName),
        ["action"] = n.Action,
        ["status"] = n.Status,
        ["pushed_sha"] = Value(n.PushedSha),
        ["sha_before"] = Value(n.ShaBefore),
        ["sha_after"] = Value(n.ShaAfter),
        ["error"] = Value(n.Error),
        ["job_url"] = Value(n.JobUrl),
    };

    private static JsonObject Slack(Notification n)
    {
        var lines = Lines(n).Map(l => $"*{l.Label}:* {l.Text}");
        var headline = n.JobUrl.Match(url => $"<{url}|{n.Headline}>", () => n.Headline);
        return new JsonObject { ["text"] = string.Join('\n', lines.Prepend($"{(n.Succeeded ? ":white_check_mark:" : ":x:")} {headline}")) };
    }

    // A Teams Workflows ("When a Teams webhook request is received") message with one Adaptive Card.
    private static JsonObject Teams(Notification n)
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = n.Headline, ["weight"] = "Bolder", ["wrap"] = true, ["color"] = n.Succeeded ? "Good" : "Attention" },
                new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray(Lines(n).Map(l => (JsonNode)new JsonObject { ["title"] = l.Label, ["value"] = l.Text }).ToArray()) }),
        };
        foreach (var url in n.JobUrl)
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the job", ["url"] = url });
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        };
    }

    private static Seq<(string Label, string Text)> Lines(Notification n)
    {
        var lines = new List<(string Label, string Text)> { ("Repository", n.FullName.IfNone(n.Repository)), ("Action", n.Action), ("Status", n.Status) };
        foreach (var sha in n.PushedSha) lines.Add(("Pushed", sha));
        foreach (var sha in n.ShaBefore) lines.Add(("Before", sha));
        foreach (var sha in n.ShaAfter) lines.Add(("After", sha));
        foreach (var error in n.Error) lines.Add(("Error", error));
        return lines.ToSeq();
    }

    private static JsonNode? Value(Option<string> value) => value.MatchUnsafe<JsonNode?>(v => v, () => null);
}
