using GitReload.Host.Configuration;

namespace GitReload.Host.Tests;

public class CommandLineTests
{
    [Fact]
    public void No_arguments_serve() => Assert.Equal(Verb.Serve, CommandLine.Parse([]).Match(c => c.Verb, _ => Verb.Help));

    [Fact]
    public void Check_config_takes_the_same_flags() =>
        Assert.Equal((Verb.CheckConfig, "--port 1"), CommandLine.Parse(["check-config", "--port", "1"]).Match(c => (c.Verb, string.Join(' ', c.Flags)), e => throw new Xunit.Sdk.XunitException(e.Message)));

    [Theory]
    [InlineData("--nope")]
    [InlineData("serve")]
    [InlineData("--port")]
    public void An_argument_that_is_not_understood_is_named(string arg) =>
        Assert.Contains(arg, CommandLine.Parse([arg]).Match(_ => "", e => e.Message));

    [Theory]
    [InlineData("--nope", "unknown: Unknown argument '--nope'. Run 'gitreload --help'.")]
    [InlineData("--port", "no value: --port needs a value. Run 'gitreload --help'.")]
    [InlineData("fleet", "fleet usage: Usage: gitreload fleet forget HOST. Run 'gitreload --help'.")]
    public void Each_kind_of_bad_command_line_is_its_own_case_with_its_line(string arg, string expected) =>
        Assert.Equal(expected, CommandLine.Parse([arg]).Match(_ => "parsed", e => e.Match(
            unknownArgument: u => "unknown: ",
            missingValue: m => "no value: ",
            fleetUsage: f => "fleet usage: ",
            missingConfigFile: c => "missing file: ") + e.Message));

    [Fact]
    public void Help_wins_over_everything_else() => Assert.Equal(Verb.Help, CommandLine.Parse(["--port", "1", "--help"]).Match(c => c.Verb, _ => Verb.Serve));

    [Fact]
    public void Version_is_a_verb_of_its_own() => Assert.Equal(Verb.Version, CommandLine.Parse(["--version"]).Match(c => c.Verb, _ => Verb.Serve));
}
