using CsCheck;
using GitReload.Domain.Hooks;

namespace GitReload.Adapters.Http.Tests;

/// <summary>Whatever arrives, every forge's reader answers one of the documented events and never throws.</summary>
public sealed class HookReaderProperties
{
    private static readonly Gen<(string Name, Dictionary<string, string> Headers)> AnyForge =
        Gen.Int[0, Hostile.Deliveries.Length - 1].Select(i => (Hostile.Deliveries[i].Name, Hostile.Deliveries[i].Headers()));

    private static readonly Gen<string> ContentType = Gen.OneOf(
        Gen.Const("application/json"), Gen.Const("application/x-www-form-urlencoded"), Gen.Const("text/plain"));

    /// <summary>Throws, with the offending detail, when <paramref name="hook"/> is not a documented outcome.</summary>
    internal static void AssertDocumented(HookEvent hook)
    {
        switch (hook)
        {
            case HookEvent.Ping or HookEvent.Unhandled:
                break;
            case HookEvent.Push p:
                Assert.NotEmpty(p.Event.Updates);
                Assert.All(p.Event.Updates, u => Assert.True(u.Ref is not null && !u.After.Exists(sha => sha.Length == 0)));
                break;
            case HookEvent.Malformed m:
                Assert.Contains(m.Reason, Hostile.MalformedReasons);
                break;
            default:
                Assert.Fail("Not a documented event: " + hook);
                break;
        }
    }

    [Fact]
    public void Arbitrary_bytes_give_a_documented_event()
    {
        Gen.Select(AnyForge, ContentType, Gen.Byte.Array[0, 4096])
            .Sample((forge, contentType, body) => AssertDocumented(Read.Delivery(forge.Headers, body, contentType).Event), iter: 3_000);
    }

    [Fact]
    public void Json_of_any_shape_gives_a_documented_event()
    {
        Gen.Select(AnyForge, Hostile.Json(4))
            .Sample((forge, json) => AssertDocumented(Read.Delivery(forge.Headers, json).Event), iter: 3_000);
    }

    [Fact]
    public void A_lone_surrogate_in_a_name_is_refused_as_not_unicode()
    {
        var delivery = Read.Delivery(ForgeHeaders.GitHub("push"), "{\"ref\": \"refs/heads/master\", \"repository\": {\"name\": \"\\ud800\"}}");
        Assert.Equal(new HookEvent.Malformed("Payload has text that is not valid Unicode"), delivery.Event);
    }

    [Fact]
    public void Deep_json_is_refused_as_not_valid()
    {
        Gen.Select(AnyForge, Hostile.DeepJson).Sample(
            (forge, json) => Assert.Equal(new HookEvent.Malformed("Body is not valid JSON"), Read.Delivery(forge.Headers, json).Event),
            iter: 100);
    }

    [Fact]
    public void A_fixture_with_any_one_field_of_another_type_gives_a_documented_event()
    {
        Gen.Int[0, Hostile.Deliveries.Length - 1]
            .SelectMany(i => Hostile.OneFieldSwapped(Hostile.Deliveries[i].Body).Select(body => (Hostile.Deliveries[i].Headers(), body)))
            .Sample((headers, body) => AssertDocumented(Read.Delivery(headers, body).Event), iter: 2_000);
    }

    [Fact]
    public void A_name_of_any_characters_is_passed_on_exactly_as_sent()
    {
        Gen.Select(Hostile.Name.Where(Hostile.IsValidUnicode), Gen.Int[0, 2]).Sample((name, forge) =>
        {
            var (headers, body) = forge switch
            {
                0 => (ForgeHeaders.GitHub("push"), Some.PushNamed(name)),
                1 => (ForgeHeaders.GitLab("Push Hook"), Read.Changed(Payloads.GitLabPush, j => j["project"]!["path_with_namespace"] = "group/" + name)),
                _ => (ForgeHeaders.Bitbucket("repo:push"), Read.Changed(Payloads.BitbucketTwoChanges, j => j["repository"]!["full_name"] = "team/" + name)),
            };
            var push = Assert.IsType<HookEvent.Push>(Read.Delivery(headers, body).Event);
            Assert.Equal(forge == 0 ? name : name[(name.LastIndexOf('/') + 1)..], push.Event.RepositoryName);
        }, iter: 300);
    }
}
