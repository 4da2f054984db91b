using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Domain.Reconcile;

/// <summary>
/// Which checkouts the reconcile loop follows, and which job it queues for each (<c>POLL</c>): a
/// checkout named here gets its own action, every other checkout the action of <c>"*"</c>, if any.
/// </summary>
public sealed record PollMap
{
    /// <summary>The name that stands for every checkout not named.</summary>
    public const string Every = "*";

    private readonly HashMap<string, (RepoName Repo, JobAction Action)> named;

    private PollMap(HashMap<string, (RepoName, JobAction)> named, Option<JobAction> others) => (this.named, Others) = (named, others);

    /// <summary>The checkouts named, by name.</summary>
    public Seq<RepoName> Named => named.Values.Map(n => n.Repo).OrderBy(r => r.Value, StringComparer.Ordinal).ToSeq();

    /// <summary>The action of every checkout not named (<c>"*"</c>), if any.</summary>
    public Option<JobAction> Others { get; }

    /// <summary>Follows nothing.</summary>
    public static PollMap Nothing { get; } = new(HashMap<string, (RepoName, JobAction)>.Empty, Option<JobAction>.None);

    /// <summary>True when no checkout is followed.</summary>
    public bool IsEmpty => named.IsEmpty && Others.IsNone;

    /// <summary>The job to queue for <paramref name="repo"/> when origin moved, if it is followed.</summary>
    public Option<JobAction> For(RepoName repo) => named.Find(repo.Value).Map(n => n.Action) || Others;

    /// <summary>
    /// Reads <c>POLL</c>: checkout names (or <c>"*"</c>) to <c>update</c> or <c>import</c>, any case;
    /// or one line per entry that is neither, naming the key.
    /// </summary>
    public static Either<Seq<Error>, PollMap> Parse(IEnumerable<KeyValuePair<string, string?>> entries)
    {
        var named = HashMap<string, (RepoName, JobAction)>.Empty;
        var others = Option<JobAction>.None;
        var problems = Seq<Error>.Empty;
        foreach (var (name, value) in entries)
        {
            var action = ActionOf(value);
            if (action.IsNone)
            {
                problems = problems.Add(new NotValid.NotAPollAction(name, value));
                continue;
            }
            if (name == Every)
            {
                others = action;
                continue;
            }
            RepoName.Parse(name).Match(
                Right: repo => named = named.AddOrUpdate(repo.Value, (repo, action.IfNone(JobAction.GetLatest))),
                Left: _ => problems = problems.Add(new NotValid.NotAPollName(name)));
        }
        return problems.IsEmpty ? new PollMap(named, others) : problems;
    }

    private static Option<JobAction> ActionOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "update" => JobAction.GetLatest,
        "import" => JobAction.CourseImport,
        _ => Option<JobAction>.None,
    };

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(", ", Named.Map(repo => $"{repo}: {For(repo).Map(Name).IfNone("")}").Concat(Others.Map(a => $"{Every}: {Name(a)}")));

    private static string Name(JobAction action) => action == JobAction.CourseImport ? "import" : "update";
}
