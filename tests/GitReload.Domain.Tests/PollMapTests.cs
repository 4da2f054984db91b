using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;

namespace GitReload.Domain.Tests;

public class PollMapTests
{
    private static Either<Seq<LanguageExt.Common.Error>, PollMap> Parse(params (string Name, string? Action)[] entries) =>
        PollMap.Parse(entries.Select(e => KeyValuePair.Create(e.Name, e.Action)));

    private static PollMap Valid(params (string Name, string? Action)[] entries) =>
        Parse(entries).Match(map => map, errors => throw new InvalidOperationException(string.Join("; ", errors)));

    [Fact]
    public void A_named_checkout_gets_its_own_action_and_every_other_the_star_s()
    {
        var poll = Valid(("graders", "update"), ("my-course", "Import"), ("*", "update"));

        Assert.Equal(
            [JobAction.GetLatest, JobAction.CourseImport, JobAction.GetLatest],
            new[] { "graders", "my-course", "other" }.Select(n => poll.For(Some.Repo(n)).IfNone(() => throw new InvalidOperationException(n))));
        Assert.Equal("graders: update, my-course: import, *: update", poll.ToString());
    }

    [Fact]
    public void Without_a_star_only_the_named_checkouts_are_followed()
    {
        var poll = Valid(("graders", "update"));

        Assert.True(poll.For(Some.Repo("other")).IsNone);
        Assert.Equal(["graders"], poll.Named.Map(r => r.Value).ToArray());
    }

    [Fact]
    public void An_action_other_than_update_or_import_is_refused_naming_the_key_and_the_checkout()
    {
        var errors = Parse(("graders", "pull"), ("*", null)).Match(_ => Seq<LanguageExt.Common.Error>.Empty, e => e);

        Assert.Equal(
            ["POLL must map each checkout to update or import, got 'pull' for 'graders'", "POLL must map each checkout to update or import, got '' for '*'"],
            errors.Map(e => e.Message).ToArray());
    }

    [Fact]
    public void A_name_no_checkout_folder_can_have_is_refused() =>
        Assert.Equal(
            "POLL names '../etc', which is not a checkout's folder name (or \"*\")",
            Parse(("../etc", "update")).Match(_ => "", e => e.Head.Message));

    [Fact]
    public void Nothing_is_followed_by_an_empty_map() => Assert.True(Valid().IsEmpty);
}
