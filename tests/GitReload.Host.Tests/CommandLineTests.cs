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
    [InlineData("--port=1 check-config", "command not first: Unknown argument 'check-config': a command (check-config, fleet forget HOST) goes first: gitreload check-config --port=1")]
    [InlineData("fleet", "fleet usage: Usage: gitreload fleet forget HOST. Run 'gitreload --help'.")]
    public void Each_kind_of_bad_command_line_is_its_own_case_with_its_line(string arg, string expected) =>
        Assert.Equal(expected, CommandLine.Parse(arg.Split(' ')).Match(_ => "parsed", e => e.Match(
            unknownArgument: u => "unknown: ",
            commandNotFirst: n => "command not first: ",
            missingValue: m => "no value: ",
            fleetUsage: f => "fleet usage: ",
            missingConfigFile: c => "missing file: ") + e.Message));

    [Theory]
    [InlineData("--host 127.0.0.1 --port 5000 check-config", "gitreload check-config --host 127.0.0.1 --port 5000")]
    [InlineData("--port 5000 fleet forget old-host --config /etc/gr.env.json", "gitreload fleet forget old-host --port 5000 --config /etc/gr.env.json")]
    [InlineData("--config /etc/gr.env.json fleet --port 1", "gitreload fleet --config /etc/gr.env.json --port 1")]
    public void A_command_after_a_flag_is_refused_with_the_same_line_command_first(string args, string instead) =>
        Assert.Equal(
            $"Unknown argument '{args.Split(' ').First(a => a is "check-config" or "fleet")}': a command (check-config, fleet forget HOST) goes first: {instead}",
            CommandLine.Parse(args.Split(' ')).Match(_ => "parsed", e => e.Message));

    [Fact]
    public void A_second_command_is_an_unknown_argument() =>
        Assert.Equal("Unknown argument 'check-config'. Run 'gitreload --help'.", CommandLine.Parse(["check-config", "check-config"]).Match(_ => "parsed", e => e.Message));

    [Fact]
    public void Fleet_forget_takes_its_host_and_the_flags_after_it() =>
        Assert.Equal((Verb.FleetForget, "old-host", "--port 1"), CommandLine.Parse(["fleet", "forget", "old-host", "--port", "1"]).Match(
            c => (c.Verb, c.Subject.IfNone(""), string.Join(' ', c.Flags)), e => throw new Xunit.Sdk.XunitException(e.Message)));

    [Fact]
    public void Help_wins_over_everything_else() => Assert.Equal(Verb.Help, CommandLine.Parse(["--port", "1", "--help"]).Match(c => c.Verb, _ => Verb.Serve));

    [Fact]
    public void Version_is_a_verb_of_its_own() => Assert.Equal(Verb.Version, CommandLine.Parse(["--version"]).Match(c => c.Verb, _ => Verb.Serve));
}
