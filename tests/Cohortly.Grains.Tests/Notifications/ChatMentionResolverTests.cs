using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Notifications;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Notifications;

[Collection(ClusterCollection.Name)]
public sealed class ChatMentionResolverTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AMentionFindsTheMemberByTheirFullNameButNeverTheAuthorOrSomeoneOutsideTheBootcamp()
    {
        var bootcampId = SecureTokens.NewId();
        var instructor = new Caller(SecureTokens.NewId(), "Teacher", [Roles.Instructor]);
        await fixture.Grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor,
            new BootcampDetails("Mentions", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3), 5, 0, "USD", ["m"], ImmutableArray<string>.Empty));
        var annLee = await MemberAsync(bootcampId, "Ann Lee");
        var ann = await MemberAsync(bootcampId, "Ann");
        var author = await MemberAsync(bootcampId, "Author");
        var outsider = await RegisterAsync("Sam Outside");
        var resolver = fixture.Grains.GetGrain<IChatMentionResolverGrain>(IChatMentionResolverGrain.Key);

        var mentioned = await resolver.ResolveAsync(bootcampId, "Thanks @ann lee and @Author and @Sam Outside!", author.UserId);

        Assert.Contains(annLee.UserId, mentioned);
        Assert.DoesNotContain(author.UserId, mentioned);
        Assert.DoesNotContain(outsider.UserId, mentioned);
        Assert.Equal([ann.UserId], (await resolver.ResolveAsync(bootcampId, "@Ann, see you", author.UserId)).AsEnumerable());
        Assert.Empty(await resolver.ResolveAsync(bootcampId, "no mention here, Ann", author.UserId));
    }

    private async Task<UserProfile> MemberAsync(string bootcampId, string name)
    {
        var profile = await RegisterAsync(name);
        await fixture.Grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, profile.UserId))
            .EnrollAsync(new Caller(profile.UserId, name, [Roles.Student]));
        return profile;
    }

    private async Task<UserProfile> RegisterAsync(string name)
    {
        var email = ApiClient.UniqueEmail("mention");
        return (await fixture.Grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewAccount(email, name, "hash"))).Profile!;
    }
}
