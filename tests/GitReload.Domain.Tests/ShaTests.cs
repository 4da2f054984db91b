using GitReload.Domain.Checkouts;

namespace GitReload.Domain.Tests;

public class ShaTests
{
    [Theory]
    [InlineData("6113728f27ae82c7b1a177c8d03f9e96e0adf246", "6113728")]
    [InlineData("6113728", "6113728")]
    [InlineData("abc", "abc")]
    public void A_sha_is_shown_by_its_first_seven_characters_and_a_shorter_text_as_it_is(string sha, string shown) =>
        Assert.Equal(shown, Sha.Short(sha));
}
