using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Publishing;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Domain.Tests;

/// <summary>Each Domain parser refuses with its own case of <see cref="NotValid"/>, so a caller can tell them apart without reading the text.</summary>
public class NotValidTests
{
    private static string Case(Error error) => Assert.IsAssignableFrom<NotValid>(error).Match(
        notARepoName: _ => "repo name",
        notAHostId: _ => "host id",
        notAPollAction: a => $"poll action {a.Value} for {a.Name}",
        notAPollName: n => $"poll name {n.Name}",
        notAPublishPolicy: p => $"publish policy ({p.Problems.Count} problems)");

    private static Error Refusal<T>(Either<Error, T> parsed) => parsed.Match(v => throw new InvalidOperationException($"accepted {v}"), e => e);

    [Fact]
    public void Each_parser_refuses_with_its_own_case_and_keeps_its_line()
    {
        var poll = PollMap.Parse([KeyValuePair.Create("graders", (string?)"pull"), KeyValuePair.Create("../x", (string?)"update")])
            .Match(m => throw new InvalidOperationException($"accepted {m}"), errors => errors.ToArray());
        var publish = Refusal(PublishPolicy.Parse([KeyValuePair.Create("*", (string?)"copy"), KeyValuePair.Create("a/b", (string?)"atomic")]));

        Assert.Equal(
            ["repo name", "host id", "poll action pull for graders", "poll name ../x", "publish policy (2 problems)"],
            new[] { Refusal(RepoName.Parse("..")), Refusal(HostId.Parse("two words")), poll[0], poll[1], publish }.Select(Case));
        Assert.Equal("Repository name not valid", Refusal(RepoName.Parse("..")).Message);
        Assert.Equal("PUBLISH gives * 'copy'; the mode is in-place or atomic\nPUBLISH names 'a/b', which is neither a checkout name nor \"*\"", publish.Message);
    }
}
