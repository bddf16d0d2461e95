using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Accounts;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task RegistrationCreatesAUserFoundByItsEmail()
    {
        var email = ApiClient.UniqueEmail();
        var result = await RegisterAsync(email, "Grace Hopper");

        Assert.True(result.Created);
        var profile = result.Profile!;
        Assert.Equal(email, profile.Email);
        Assert.Equal("Grace Hopper", profile.DisplayName);
        Assert.Equal(profile.UserId, await _grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).GetUserIdAsync());
        var stored = (await User(profile.UserId).GetProfileAsync())!;
        Assert.Equal((profile.Email, profile.DisplayName, profile.CreatedAt), (stored.Email, stored.DisplayName, stored.CreatedAt));
        Assert.Equal("hash-of-" + email, (await User(profile.UserId).GetCredentialAsync())!.PasswordHash);
    }

    [Fact]
    public async Task OnlyTheVeryFirstAccountIsAnAdmin()
    {
        var later = await RegisterAsync(ApiClient.UniqueEmail(), "Later");

        Assert.Equal([Roles.Admin], fixture.FirstAccount.Roles.AsEnumerable());
        Assert.Equal([Roles.Student], later.Profile!.Roles.AsEnumerable());
        Assert.False(await _grains.GetGrain<IAccountRegistryGrain>(IAccountRegistryGrain.Key).TryClaimFirstAccountAsync(later.Profile.UserId));
    }

    [Fact]
    public async Task ManyParallelRegistrationsOfOneEmailCreateExactlyOneAccount()
    {
        var email = ApiClient.UniqueEmail("race");
        var attempts = Enumerable.Range(0, 64)
            .Select(i => _grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(i % 2 == 0 ? email : email.ToUpperInvariant()))
                .RegisterAsync(new NewAccount(email, $"Racer {i}", "hash")));

        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Created);
        Assert.Equal(winner.Profile!.UserId, await _grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).GetUserIdAsync());
    }

    [Fact]
    public async Task AnAdminChangesRolesButAStudentCannot()
    {
        var admin = await CreateAdminAsync();
        var student = (await RegisterAsync(ApiClient.UniqueEmail(), "Student")).Profile!;

        var changed = await User(student.UserId).SetRolesAsync(admin.UserId, [Roles.Mentor, Roles.Instructor, Roles.Mentor]);
        Assert.Equal([Roles.Instructor, Roles.Mentor], changed.Roles.AsEnumerable());
        Assert.Equal(changed.Roles.AsEnumerable(), (await User(student.UserId).GetProfileAsync())!.Roles.AsEnumerable());

        var other = (await RegisterAsync(ApiClient.UniqueEmail(), "Other")).Profile!;
        var refused = await Assert.ThrowsAsync<DomainException>(() => User(admin.UserId).SetRolesAsync(other.UserId, [Roles.Student]));
        Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
        Assert.Equal([Roles.Admin], (await User(admin.UserId).GetProfileAsync())!.Roles.AsEnumerable());
    }

    [Fact]
    public async Task AnAdminCannotRemoveTheirOwnAdminRoleOrGiveUnknownRoles()
    {
        var admin = await CreateAdminAsync();

        var demote = await Assert.ThrowsAsync<DomainException>(() => User(admin.UserId).SetRolesAsync(admin.UserId, [Roles.Student]));
        Assert.Equal("cannot-demote-self", demote.Code);
        var unknown = await Assert.ThrowsAsync<DomainException>(() => User(admin.UserId).SetRolesAsync(admin.UserId, ["superuser"]));
        Assert.Equal(DomainErrorKind.Invalid, unknown.Kind);
        Assert.Equal([Roles.Admin], (await User(admin.UserId).GetProfileAsync())!.Roles.AsEnumerable());
    }

    [Fact]
    public async Task ARefreshSecretWorksOnceAndItsReuseRevokesTheSession()
    {
        var user = (await RegisterAsync(ApiClient.UniqueEmail(), "Sessions")).Profile!;
        var grant = await User(user.UserId).StartSessionAsync(SessionLifetime);

        var rotated = await User(user.UserId).RotateSessionAsync(grant.SessionId, grant.RefreshSecret, SessionLifetime, SessionLifetime);
        Assert.NotNull(rotated);
        Assert.NotEqual(grant.RefreshSecret, rotated.RefreshSecret);

        // Replaying the first secret is what a thief would do: it fails and takes the rotated secret down with it.
        Assert.Null(await User(user.UserId).RotateSessionAsync(grant.SessionId, grant.RefreshSecret, SessionLifetime, SessionLifetime));
        Assert.Null(await User(user.UserId).RotateSessionAsync(grant.SessionId, rotated.RefreshSecret, SessionLifetime, SessionLifetime));
        Assert.Null(await User(user.UserId).GetAccessContextAsync(grant.SessionId));
    }

    [Fact]
    public async Task ASessionPastItsMaximumAgeEndsOnRefreshLikeARevokedOne()
    {
        var user = (await RegisterAsync(ApiClient.UniqueEmail(), "Long stay")).Profile!;
        var grant = await User(user.UserId).StartSessionAsync(SessionLifetime);

        // A maximum age of zero stands for a session whose absolute end has passed: its refresh secret is still the current one.
        Assert.Null(await User(user.UserId).RotateSessionAsync(grant.SessionId, grant.RefreshSecret, SessionLifetime, TimeSpan.Zero));

        Assert.Null(await User(user.UserId).GetAccessContextAsync(grant.SessionId));
        Assert.Null(await User(user.UserId).RotateSessionAsync(grant.SessionId, grant.RefreshSecret, SessionLifetime, SessionLifetime));
    }

    [Fact]
    public async Task RefreshingNeverPushesASessionPastItsAbsoluteEnd()
    {
        var user = (await RegisterAsync(ApiClient.UniqueEmail(), "Frequent refresher")).Profile!;
        var grant = await User(user.UserId).StartSessionAsync(TimeSpan.FromHours(1));
        var maxAge = TimeSpan.FromHours(2);

        var first = (await User(user.UserId).RotateSessionAsync(grant.SessionId, grant.RefreshSecret, SessionLifetime, maxAge))!;
        var second = (await User(user.UserId).RotateSessionAsync(grant.SessionId, first.RefreshSecret, SessionLifetime, maxAge))!;

        // The first secret lapsed an hour after the start, so the start plus two hours is one hour after that.
        var absoluteEnd = grant.RefreshExpiresAt + TimeSpan.FromHours(1);
        Assert.Equal(absoluteEnd, first.RefreshExpiresAt);
        Assert.Equal(absoluteEnd, second.RefreshExpiresAt);
    }

    [Fact]
    public async Task EndingASessionLeavesTheOthersAlive()
    {
        var user = (await RegisterAsync(ApiClient.UniqueEmail(), "Two devices")).Profile!;
        var laptop = await User(user.UserId).StartSessionAsync(SessionLifetime);
        var phone = await User(user.UserId).StartSessionAsync(SessionLifetime);

        await User(user.UserId).EndSessionAsync(laptop.SessionId);

        Assert.Null(await User(user.UserId).GetAccessContextAsync(laptop.SessionId));
        Assert.Equal([Roles.Student], (await User(user.UserId).GetAccessContextAsync(phone.SessionId))!.Roles.AsEnumerable());
    }

    [Fact]
    public async Task APasswordResetTokenArrivesByEmailWorksOnceAndEndsEverySession()
    {
        var email = ApiClient.UniqueEmail("reset");
        var user = (await RegisterAsync(email, "Forgetful")).Profile!;
        var session = await User(user.UserId).StartSessionAsync(SessionLifetime);

        await User(user.UserId).RequestPasswordResetAsync(new PasswordResetRequest("http://cohortly.test/reset-password", TimeSpan.FromMinutes(30)));

        // The email leaves through the outbox, a moment after the request is stored.
        var mailbox = new DevMailbox(new DataDirectory(fixture.DataDirectory), TimeProvider.System);
        var message = (await Eventually.Until(
            async () => (await mailbox.ReadNewestAsync(200)).FirstOrDefault(m => m.To == email && m.Text.Contains("?token=", StringComparison.Ordinal)),
            found => found is not null,
            TimeSpan.FromSeconds(10),
            "the password reset email"))!;
        var token = Uri.UnescapeDataString(message.Text.Split("?token=")[1].Split('\n')[0]);
        var secret = token.Split('.')[1];
        Assert.StartsWith(user.UserId + ".", token, StringComparison.Ordinal);

        Assert.False(await User(user.UserId).ResetPasswordAsync("wrong-secret", "new-hash"));
        Assert.True(await User(user.UserId).ResetPasswordAsync(secret, "new-hash"));
        Assert.False(await User(user.UserId).ResetPasswordAsync(secret, "newer-hash"));
        Assert.Equal("new-hash", (await User(user.UserId).GetCredentialAsync())!.PasswordHash);
        Assert.Null(await User(user.UserId).GetAccessContextAsync(session.SessionId));
    }

    [Fact]
    public async Task FiveAttemptsGoAheadThenTheAddressWaitsUntilASuccess()
    {
        var throttle = _grains.GetGrain<ILoginThrottleGrain>(ApiClient.UniqueEmail("throttle"));
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await throttle.ReserveAsync());
        }
        var lockout = await throttle.ReserveAsync();

        Assert.NotNull(lockout);
        Assert.InRange(lockout.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        await throttle.RecordSuccessAsync();
        Assert.Null(await throttle.ReserveAsync());
    }

    [Fact]
    public async Task ParallelAttemptsAreReservedOneByOne()
    {
        var throttle = _grains.GetGrain<ILoginThrottleGrain>(ApiClient.UniqueEmail("parallel"));
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => throttle.ReserveAsync()));
        Assert.Equal(5, answers.Count(wait => wait is null));
    }

    [Fact]
    public async Task TwoAdminsChangingEachOthersRolesAtOnceBothFinish()
    {
        var first = await CreateAdminAsync();
        var second = await CreateAdminAsync();
        // Each change asks the other admin's grain whether its caller is an admin, while that grain is busy asking back.
        var changes = Enumerable.Range(0, 20).SelectMany(_ => new[]
        {
            User(first.UserId).SetRolesAsync(second.UserId, [Roles.Admin, Roles.Instructor]),
            User(second.UserId).SetRolesAsync(first.UserId, [Roles.Admin, Roles.Mentor]),
        });
        var all = await Task.WhenAll(changes).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(40, all.Length);
        Assert.Contains(Roles.Instructor, (await User(first.UserId).GetProfileAsync())!.Roles);
        Assert.Contains(Roles.Mentor, (await User(second.UserId).GetProfileAsync())!.Roles);
    }

    private IUserGrain User(string userId) => _grains.GetGrain<IUserGrain>(userId);

    private Task<RegistrationResult> RegisterAsync(string email, string displayName) =>
        _grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email))
            .RegisterAsync(new NewAccount(email, displayName, "hash-of-" + email));

    /// <summary>Registers a user and has the system's first admin make them an admin too.</summary>
    private async Task<UserProfile> CreateAdminAsync()
    {
        var candidate = (await RegisterAsync(ApiClient.UniqueEmail("admin"), "Admin")).Profile!;
        return await User(candidate.UserId).SetRolesAsync(fixture.FirstAccount.UserId, [Roles.Admin]);
    }
}
