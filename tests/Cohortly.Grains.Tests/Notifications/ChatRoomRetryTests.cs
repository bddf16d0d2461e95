using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Notifications;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Notifications;

/// <summary>A keyed post repeated after its first answer was lost is the first message, never a second one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatRoomRetryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task APostRepeatedWithItsRequestIdAnswersTheFirstMessageAndTheRoomHoldsItOnce()
    {
        var (room, member) = await RoomAsync();

        var first = await room.PostAsync(member, "hello once", [], "request-a");
        var repeat = await room.PostAsync(member, "hello once", [], "request-a");
        var other = await room.PostAsync(member, "hello again", [], "request-b");

        Assert.Equal(first, repeat);
        Assert.Equal("request-a", first.MessageId);
        Assert.Equal(["hello once", "hello again"], (await room.HistoryAsync(member, null, null, 10)).Select(m => m.Text));
        Assert.Equal(first.Sequence + 1, other.Sequence);
    }

    [Fact]
    public async Task ARetryAfterThePageWriteFailedStoresTheMessageItPromisedOnce()
    {
        var (room, member) = await RoomAsync();
        var bootcampId = room.GetPrimaryKeyString();
        var page = fixture.Grains.GetGrain<IChatPageGrain>(IChatPageGrain.KeyOf(bootcampId, 0));
        StorageFaults.Shared.FailNextWrite("chat-page", page.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => room.PostAsync(member, "made it?", [], "request-c"));
        var retried = await room.PostAsync(member, "made it?", [], "request-c");

        Assert.Equal("request-c", retried.MessageId);
        Assert.Equal([retried], (await room.HistoryAsync(member, null, null, 10)).AsEnumerable());
    }

    private async Task<(IChatRoomGrain Room, Caller Member)> RoomAsync()
    {
        var bootcampId = SecureTokens.NewId();
        var instructor = new Caller(SecureTokens.NewId(), "Teacher", [Roles.Instructor]);
        await fixture.Grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor,
            new BootcampDetails("Retries", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3), 5, 0, "USD", ["r"], ImmutableArray<string>.Empty));
        var email = ApiClient.UniqueEmail("chat-retry");
        var profile = (await fixture.Grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewAccount(email, "Rita Retry", "hash"))).Profile!;
        var member = new Caller(profile.UserId, profile.DisplayName, [Roles.Student]);
        await fixture.Grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, profile.UserId)).EnrollAsync(member);
        return (fixture.Grains.GetGrain<IChatRoomGrain>(bootcampId), member);
    }
}
