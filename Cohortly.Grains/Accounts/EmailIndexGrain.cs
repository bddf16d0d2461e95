using System.Collections.Immutable;
using Cohortly.Common;
using Microsoft.Extensions.Logging;

namespace Cohortly.Accounts;

[GenerateSerializer, Alias("cohortly.accounts.email-index-state")]
public sealed class EmailIndexState
{
    [Id(0)] public string? UserId { get; set; }
}

[GrainType("emailindex")]
public sealed class EmailIndexGrain(
    [PersistentState("email-index", StorageNames.Cohortly)] IPersistentState<EmailIndexState> state,
    ILogger<EmailIndexGrain> logger) : Grain, IEmailIndexGrain
{
    public async Task<RegistrationResult> RegisterAsync(NewAccount account)
    {
        if (state.State.UserId is not null)
        {
            return new RegistrationResult(false, null);
        }
        var userId = SecureTokens.NewId();
        var isFirst = await GrainFactory.GetGrain<IAccountRegistryGrain>(IAccountRegistryGrain.Key).TryClaimFirstAccountAsync(userId);
        ImmutableArray<string> roles = isFirst ? [Roles.Admin] : [Roles.Student];
        var profile = await GrainFactory.GetGrain<IUserGrain>(userId).CreateAsync(account, roles);
        // Written last: if creating the user failed, the address stays free for the next try.
        state.State.UserId = userId;
        await state.WriteStateAsync();
        await RecordSignUpAsync(userId, account);
        await SendWelcomeAsync(userId);
        return new RegistrationResult(true, profile);
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(state.State.UserId);

    /// <summary>The account exists whatever happens here: a sign-up the admin's count misses is logged, not a failed registration.</summary>
    private async Task RecordSignUpAsync(string userId, NewAccount account)
    {
        try
        {
            await GrainFactory.GetGrain<IAccountRegistryGrain>(IAccountRegistryGrain.Key).RecordSignUpAsync(userId, account.DisplayName, account.Email);
        }
        catch (Exception failure) when (failure is TimeoutException or OrleansException)
        {
            logger.LogWarning(failure, "The sign-up of user {UserId} could not be counted", userId);
        }
    }

    /// <summary>The account exists whatever happens here: a welcome email that cannot be queued is logged, not a failed registration.</summary>
    private async Task SendWelcomeAsync(string userId)
    {
        try
        {
            await GrainFactory.GetGrain<Email.IMailerGrain>(0).SendWelcomeAsync(userId);
        }
        catch (Exception failure) when (failure is TimeoutException or OrleansException)
        {
            logger.LogWarning(failure, "The welcome email of user {UserId} could not be queued", userId);
        }
    }
}
