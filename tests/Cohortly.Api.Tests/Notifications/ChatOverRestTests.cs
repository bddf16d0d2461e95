using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cohortly.Api.Tests.Notifications;

/// <summary>
/// <c>POST /api/bootcamps/{id}/chat</c>: the REST way into the same room as the hub's <c>SendChatMessage</c>, for clients
/// that retry; under an Idempotency-Key a retry answers the first message and never posts a second.
/// </summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class ChatOverRestTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task AMessagePostedOverRestReachesTheRoomLiveMentionsItsMemberAndStaysInTheHistory()
    {
        var (bootcampId, _, alice, bob) = await RoomAsync();
        await using var bobLive = await LiveClient.ConnectAsync(fixture.App.BaseAddress, bob.AccessToken);
        await bobLive.Connection.InvokeAsync("JoinBootcamp", bootcampId);

        using var response = await PostAsync(bootcampId, alice, new { text = "  Hello @bob rest, over REST  " });

        await response.ExpectAsync(HttpStatusCode.Created);
        var posted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Hello @bob rest, over REST", posted["text"]!.ToString());
        Assert.Equal((bootcampId, alice.UserId, "Alice Rest"),
            (posted["bootcampId"]!.ToString(), posted["fromUserId"]!.ToString(), posted["fromDisplayName"]!.ToString()));
        var heard = await bobLive.WaitForAsync("chatMessage", m => m["messageId"]!.ToString() == posted["messageId"]!.ToString(), "Alice's REST message");
        Assert.Equal("Hello @bob rest, over REST", heard["text"]!.ToString());
        var mention = await bobLive.WaitForNotificationAsync("chat.mention", bootcampId);
        Assert.Contains("Alice Rest", mention["title"]!.ToString(), StringComparison.Ordinal);
        var history = await _api.GetJsonAsync(bob, $"/api/bootcamps/{bootcampId}/chat");
        var stored = Assert.Single(history["items"]!.AsArray());
        Assert.Equal(posted.ToJsonString(), stored!.ToJsonString());
    }

    [Fact]
    public async Task AnOutsiderGets403AnUnknownBootcamp404AndNeitherPostsAnything()
    {
        var (bootcampId, instructor, alice, _) = await RoomAsync();
        var outsider = await _api.StudentAsync("Otto Outside");

        using var refused = await PostAsync(bootcampId, outsider, new { text = "let me in" });
        using var unknown = await PostAsync("no-such-bootcamp", alice, new { text = "anyone here?" });

        await refused.ProblemAsync(HttpStatusCode.Forbidden);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        var history = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/chat");
        Assert.Empty(history["items"]!.AsArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData(null)]
    [InlineData("oversized")]
    public async Task EmptyMissingOrOversizedTextIs400WithTheFieldNamed(string? text)
    {
        var (bootcampId, instructor, alice, _) = await RoomAsync();
        object body = text == "oversized" ? new { text = new string('x', 2001) } : (object)new { text };

        using var response = await PostAsync(bootcampId, alice, body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("text"));
        Assert.Empty((await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/chat"))["items"]!.AsArray());
    }

    [Fact]
    public async Task TheLongestMessageAllowedIsPosted()
    {
        var (bootcampId, _, alice, _) = await RoomAsync();

        using var response = await PostAsync(bootcampId, alice, new { text = new string('x', 2000) });

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task TheSameKeyTwiceAnswersTheFirstMessageAndTheRoomHoldsItOnce()
    {
        var (bootcampId, _, alice, bob) = await RoomAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { text = "only once, please" };

        using var first = await PostAsync(bootcampId, alice, body, key);
        using var retry = await PostAsync(bootcampId, alice, body, key);
        using var next = await PostAsync(bootcampId, alice, new { text = "a second thought" });

        await first.ExpectAsync(HttpStatusCode.Created);
        await retry.ExpectAsync(HttpStatusCode.Created);
        await next.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var history = await _api.GetJsonAsync(bob, $"/api/bootcamps/{bootcampId}/chat");
        Assert.Equal(["only once, please", "a second thought"], history["items"]!.AsArray().Select(m => m!["text"]!.ToString()));
    }

    [Fact]
    public async Task TheSameKeyWithAnotherTextIs422AndPostsNothingMore()
    {
        var (bootcampId, _, alice, bob) = await RoomAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync(bootcampId, alice, new { text = "the first" }, key);
        await first.ExpectAsync(HttpStatusCode.Created);

        using var other = await PostAsync(bootcampId, alice, new { text = "something else" }, key);

        var problem = await other.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("idempotency-key-reused", problem.ProblemType());
        var history = await _api.GetJsonAsync(bob, $"/api/bootcamps/{bootcampId}/chat");
        Assert.Equal(["the first"], history["items"]!.AsArray().Select(m => m!["text"]!.ToString()));
    }

    private async Task<(string BootcampId, Tokens Instructor, Tokens Alice, Tokens Bob)> RoomAsync()
    {
        var instructor = await _api.InstructorAsync("Ivy Rest");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var alice = await _api.StudentAsync("Alice Rest");
        var bob = await _api.StudentAsync("Bob Rest");
        await _api.EnrollAsync(alice, bootcampId);
        await _api.EnrollAsync(bob, bootcampId);
        return (bootcampId, instructor, alice, bob);
    }

    private Task<HttpResponseMessage> PostAsync(string bootcampId, Tokens caller, object body, string? key = null)
    {
        var request = ApiClient.Authorized(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/chat", caller.AccessToken, body);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return fixture.Http.SendAsync(request);
    }
}
