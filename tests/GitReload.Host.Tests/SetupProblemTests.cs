using GitReload.Host.Configuration;
using LanguageExt;

namespace GitReload.Host.Tests;

/// <summary>What check-config finds on this machine comes as a case of <see cref="SetupProblem"/>, each with the line the operator reads.</summary>
public sealed class SetupProblemTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-setup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Case<T>(Either<T, Unit> checkedOut) where T : SetupProblem =>
        checkedOut.Match(_ => "fine", p => p.Match(w => $"not writable: {w.Message}", m => $"program missing: {m.Message}", j => $"journal unreadable: {j.Message}"));

    [Fact]
    public void A_file_where_a_folder_belongs_a_missing_program_and_an_empty_journal_are_each_their_own_case()
    {
        var file = Path.Combine(folder, "a-file");
        File.WriteAllText(file, "");
        var state = Directory.CreateDirectory(Path.Combine(folder, "state")).FullName;
        File.WriteAllBytes(Path.Combine(state, "journal.db"), []);

        Assert.Equal(
            [
                $"not writable: {file} is a file, not a folder",
                "fine",
                $"program missing: {file} is not executable",
                "program missing: 'no-such-program' is not found on PATH (/nowhere)",
                $"journal unreadable: the job journal {Path.Combine(state, "journal.db")} is empty (0 bytes), so the service will not start; move it away to start with an empty journal",
            ],
            [
                Case(Writable.Folder(file)),
                Case(Writable.File(Path.Combine(folder, "new.log"))),
                Case(ImportProgram.Missing(file, "/usr/bin", folder)),
                Case(ImportProgram.Missing("no-such-program", "/nowhere", folder)),
                Case(JournalFile.Unusable(state)),
            ]);
    }
}
