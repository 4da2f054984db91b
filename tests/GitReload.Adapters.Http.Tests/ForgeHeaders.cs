namespace GitReload.Adapters.Http.Tests;

/// <summary>The headers each forge sends with a delivery, as their documentation shows them.</summary>
internal static class ForgeHeaders
{
    public static Dictionary<string, string> GitHub(string eventName, string id = "72d3162e-cc78-11e3-81ab-4c9367dc0958") => new()
    {
        ["X-GitHub-Event"] = eventName,
        ["X-GitHub-Delivery"] = id,
        ["X-GitHub-Hook-ID"] = "292430182",
    };

    /// <summary>Gitea sends its own headers plus GitHub's and Gogs', all with the same id.</summary>
    public static Dictionary<string, string> Gitea(string eventName, string id = "f6266f16-1bf3-46a5-9ea4-602e06ead473") => new()
    {
        ["X-Gitea-Event"] = eventName,
        ["X-Gitea-Delivery"] = id,
        ["X-Gitea-Event-Type"] = eventName,
        ["X-GitHub-Event"] = eventName,
        ["X-GitHub-Delivery"] = id,
        ["X-Gogs-Event"] = eventName,
        ["X-Gogs-Delivery"] = id,
    };

    /// <summary>Forgejo sends its own headers plus Gitea's, GitHub's and Gogs'.</summary>
    public static Dictionary<string, string> Forgejo(string eventName, string id = "a1b2c3d4-0e5f-4a6b-8c7d-9e0f1a2b3c4d") =>
        new(Gitea(eventName, id)) { ["X-Forgejo-Event"] = eventName, ["X-Forgejo-Delivery"] = id, ["X-Forgejo-Event-Type"] = eventName };

    public static Dictionary<string, string> GitLab(string eventName, string id = "13792a34-cac6-4fda-95a8-c58e00a3954e") => new()
    {
        ["X-Gitlab-Event"] = eventName,
        ["X-Gitlab-Event-UUID"] = id,
        ["X-Gitlab-Webhook-UUID"] = "2da3a4d3-a4a7-4e2a-9dd8-1ba0e6a5c7ba",
        ["X-Gitlab-Instance"] = "https://gitlab.example.com",
    };

    public static Dictionary<string, string> Bitbucket(string eventKey, string id = "3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a098") => new()
    {
        ["X-Event-Key"] = eventKey,
        ["X-Request-UUID"] = id,
        ["X-Hook-UUID"] = "cb1f0f2e-8c3a-4f4e-9b59-3e2d8d5f6a70",
        ["X-Attempt-Number"] = "1",
    };
}
