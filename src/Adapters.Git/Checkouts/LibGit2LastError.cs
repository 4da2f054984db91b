using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;
using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// libgit2's message for the last error on this thread, read from libgit2 itself. LibGit2Sharp
/// 0.32 builds its exception by passing libgit2's message to <c>string.Format</c> as the format, so
/// a message with a brace (an origin URL or path with <c>{</c>) throws a <see cref="FormatException"/>
/// instead; libgit2 still holds the message, on the thread that made the call.
/// </summary>
/// <remarks>
/// Relies on LibGit2Sharp naming its native library in <c>LibGit2Sharp.Core.NativeDllName.Name</c>;
/// if it stops doing so, nothing is read and the caller says less. Pinned by
/// <c>LibGit2CheckoutsUpdateFailureTests.Update_from_an_origin_url_with_a_brace_fails_as_the_fetch_failure_it_is</c>.
/// </remarks>
internal static unsafe class LibGit2LastError
{
    private static readonly Lazy<IntPtr> ErrorLast = new(Find);

    /// <summary>Whether <paramref name="error"/> is LibGit2Sharp failing to format libgit2's message.</summary>
    public static bool IsUnformattable(Exception error) =>
        error is FormatException && error.StackTrace?.Contains("LibGit2Sharp.", StringComparison.Ordinal) == true;

    /// <summary>The exception LibGit2Sharp meant to throw when it threw <paramref name="unformattable"/>.</summary>
    public static LibGit2SharpException Meant(FormatException unformattable) =>
        new(Message().IfNone("libgit2 gave a message LibGit2Sharp could not read"), unformattable);

    private static Option<string> Message()
    {
        if (ErrorLast.Value == IntPtr.Zero) return None;
        var error = ((delegate* unmanaged<IntPtr>)ErrorLast.Value)();
        // git_error is { char *message; int klass; }.
        return error == IntPtr.Zero ? None : Optional(Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error))).Filter(m => m.Length > 0);
    }

    // The field is kept by name for the reflection below, so a trimmed build (README, "A published build") still finds it.
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields | DynamicallyAccessedMemberTypes.PublicFields, "LibGit2Sharp.Core.NativeDllName", "LibGit2Sharp")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The type and its field are kept by the DynamicDependency above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The type and its field are kept by the DynamicDependency above.")]
    private static IntPtr Find()
    {
        var libgit2 = typeof(Repository).Assembly;
        return libgit2.GetType("LibGit2Sharp.Core.NativeDllName")?.GetField("Name", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) is string name
            && NativeLibrary.TryLoad(name, libgit2, null, out var library)
            && NativeLibrary.TryGetExport(library, "git_error_last", out var function)
                ? function
                : IntPtr.Zero;
    }
}
