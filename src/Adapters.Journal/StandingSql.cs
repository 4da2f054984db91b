namespace GitReload.Adapters.Journal;

/// <summary>
/// Where a checkout stands (<c>Standing.Of</c> in the domain), in SQL over the row of <c>checkouts</c> being
/// updated: a failed newest job, then unusable, then a job running or waiting, then behind (another host holds
/// it on the branch at another commit, and it is not at the newest pushed one), else up to date. Both schemas'
/// standing migration and its triggers run this text, and the journal runs it at a fleet's rescan; the journal
/// contract holds it to the domain on SQLite and PostgreSQL.
/// </summary>
public static class StandingSql
{
    /// <summary>As the standing migration shipped it: never change it; a new rule is a new constant and a migration that replaces the triggers.</summary>
    public const string Shipped = """
        (SELECT CASE
                WHEN j.status = 'failed' THEN 0
                WHEN checkouts.state IN ('detached', 'no_origin') THEN 1
                WHEN j.status = 'running' THEN 3
                WHEN j.status = 'queued' THEN 4
                WHEN EXISTS (SELECT 1 FROM checkouts o WHERE o.repo_name = checkouts.repo_name AND o.host_id <> checkouts.host_id
                             AND o.branch = checkouts.branch AND COALESCE(o.head, '') <> COALESCE(checkouts.head, ''))
                     AND NOT (j.after_sha IS NOT NULL AND checkouts.branch IS NOT NULL AND checkouts.head IS NOT NULL
                              AND checkouts.branch = j.branch AND checkouts.head = j.after_sha) THEN 2
                ELSE 5 END
         FROM (SELECT 1) AS one LEFT JOIN jobs j ON j.job_id = (SELECT MAX(k.job_id) FROM jobs k WHERE k.repo_name = checkouts.repo_name))
        """;
}
