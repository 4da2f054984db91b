using GitReload.Adapters.Edx.Imports;

namespace GitReload.Adapters.Edx.Tests;

public sealed class OutputTailTests
{
    [Fact]
    public void Output_within_the_limits_is_kept_whole()
    {
        var tail = Fed(new OutputTail(maxLines: 3, maxChars: 100), "a", "b", "c");

        Assert.Equal("a\nb\nc", tail.ToString());
    }

    [Fact]
    public void Past_the_line_limit_only_the_last_lines_are_kept_after_a_marker()
    {
        var tail = Fed(new OutputTail(maxLines: 2, maxChars: 100), "a", "b", "c", "d");

        Assert.Equal($"{OutputTail.DroppedMarker}\nc\nd", tail.ToString());
    }

    [Fact]
    public void Past_the_character_limit_the_oldest_lines_go_first()
    {
        var tail = Fed(new OutputTail(maxLines: 100, maxChars: 12), "11111", "22222", "33333");

        Assert.Equal($"{OutputTail.DroppedMarker}\n22222\n33333", tail.ToString());
    }

    [Fact]
    public void A_line_longer_than_the_character_limit_keeps_its_end()
    {
        var tail = Fed(new OutputTail(maxLines: 100, maxChars: 4), "early", "abcdefgh");

        Assert.Equal($"{OutputTail.DroppedMarker}\nefgh", tail.ToString());
    }

    private static OutputTail Fed(OutputTail tail, params string[] lines)
    {
        foreach (var line in lines) tail.Add(line);
        return tail;
    }
}
