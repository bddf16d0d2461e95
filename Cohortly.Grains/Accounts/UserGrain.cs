using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Events;
using Microsoft.Extensions.Logging;

namespace Cohortly.Accounts;

[GrainType("user")]
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Cohortly)] IPersistentState<UserState> state,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    /// <summary>Older sessions are dropped beyond this, so a user's state stays small however many devices sign in.</summary>
    private const int MaxSessions = 20;

    /// <summary>A second reset email within this window is not sent: it stops the form being used to flood an inbox.</summary>
    private static readonly TimeSpan ResetRequestInterval = TimeSpan.FromMinutes(1);

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Profile is not null && !state.State.InDirectory)
        {
            await ListInDirectoryAsync();
        }
    }

    public async Task<UserProfile> CreateAsync(NewAccount account, ImmutableArray<string> roles)
    {
        if (state.State.Profile is { } existing)
        {
            throw DomainException.Conflict("user-exists", $"User {existing.UserId} already exists.");
        }
        state.State.Profile = new UserProfile(UserId, account.Email, account.DisplayName, Roles.Normalize(roles), time.GetUtcNow());
        state.State.PasswordHash = account.PasswordHash;
        await state.WriteStateAsync();
        await ListInDirectoryAsync();
        return state.State.Profile;
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public Task<Credential?> GetCredentialAsync() =>
        Task.FromResult(state.State.Profile is { } profile ? new Credential(state.State.PasswordHash, profile) : null);

    public async Task<UserProfile> SetRolesAsync(string callerUserId, ImmutableArray<string> roles)
    {
        var profile = RequireProfile();
        var callerProfile = callerUserId == UserId
            ? profile
            : await GrainFactory.GetGrain<IUserGrain>(callerUserId).GetProfileAsync();
        if (callerProfile is null || !callerProfile.IsInRole(Roles.Admin))
        {
            throw DomainException.Forbidden("Only an admin can change roles.");
        }
        if (roles.IsDefaultOrEmpty || roles.Any(role => !Roles.IsKnown(role)))
        {
            throw DomainException.Invalid("invalid-roles", "Give at least one role, each one of: " + string.Join(", ", Roles.All) + ".");
        }
        var normalized = Roles.Normalize(roles);
        if (callerUserId == UserId && !normalized.Contains(Roles.Admin))
        {
            throw DomainException.Conflict("cannot-demote-self", "An admin cannot remove their own admin role; ask another admin.");
        }
        state.State.Profile = profile with { Roles = normalized };
        await state.WriteStateAsync();
        await ListInDirectoryAsync();
        await TellLiveConnectionsAsync(new RolesChanged(DomainEventPublisher.NewEventId(), time.GetUtcNow(), "", UserId, profile.DisplayName, normalized));
        return state.State.Profile;
    }

    public async Task UpgradePasswordHashAsync(string currentHash, string strongerHash)
    {
        // The password may have changed between the login's read and this call; never overwrite a newer one.
        if (state.State.Profile is null || state.State.PasswordHash != currentHash)
        {
            return;
        }
        state.State.PasswordHash = strongerHash;
        await state.WriteStateAsync();
    }

    public async Task<SessionGrant> StartSessionAsync(TimeSpan lifetime)
    {
        var profile = RequireProfile();
        var now = time.GetUtcNow();
        var secret = SecureTokens.NewSecret();
        var session = new UserSession(SecureTokens.NewId(), SecureTokens.Hash(secret), now, now + lifetime);
        var sessions = state.State.Sessions;
        sessions.RemoveAll(s => s.ExpiresAt <= now);
        sessions.Add(session);
        if (sessions.Count > MaxSessions)
        {
            sessions.RemoveRange(0, sessions.Count - MaxSessions);
        }
        await state.WriteStateAsync();
        return new SessionGrant(session.SessionId, secret, session.ExpiresAt, profile);
    }

    public async Task<SessionGrant?> RotateSessionAsync(string sessionId, string refreshSecret, TimeSpan lifetime, TimeSpan maxAge)
    {
        var profile = state.State.Profile;
        var index = state.State.Sessions.FindIndex(s => s.SessionId == sessionId);
        if (profile is null || index < 0)
        {
            return null;
        }
        var session = state.State.Sessions[index];
        var now = time.GetUtcNow();
        // The end is computed from the start rather than stored, so shortening the setting also ends older sessions.
        var endsAt = session.CreatedAt + maxAge;
        var lapsed = session.ExpiresAt <= now || endsAt <= now;
        if (lapsed || !SecureTokens.Matches(refreshSecret, session.RefreshSecretHash))
        {
            if (!lapsed)
            {
                logger.LogWarning("Refresh token reuse for user {UserId}, session {SessionId}: the session is revoked", UserId, sessionId);
            }
            state.State.Sessions.RemoveAt(index);
            await state.WriteStateAsync();
            await SessionsEndedAsync();
            return null;
        }
        var secret = SecureTokens.NewSecret();
        var expiresAt = now + lifetime < endsAt ? now + lifetime : endsAt;
        var rotated = session with { RefreshSecretHash = SecureTokens.Hash(secret), ExpiresAt = expiresAt };
        state.State.Sessions[index] = rotated;
        await state.WriteStateAsync();
        return new SessionGrant(sessionId, secret, rotated.ExpiresAt, profile);
    }

    public async Task EndSessionAsync(string sessionId)
    {
        if (state.State.Sessions.RemoveAll(s => s.SessionId == sessionId) > 0)
        {
            await state.WriteStateAsync();
            await SessionsEndedAsync();
        }
    }

    public Task<AccessContext?> GetAccessContextAsync(string sessionId)
    {
        var profile = state.State.Profile;
        var now = time.GetUtcNow();
        var alive = profile is not null && state.State.Sessions.Exists(s => s.SessionId == sessionId && s.ExpiresAt > now);
        return Task.FromResult(alive ? new AccessContext(profile!.UserId, profile.DisplayName, profile.Roles) : null);
    }

    public async Task RequestPasswordResetAsync(PasswordResetRequest request)
    {
        if (state.State.Profile is not { } profile)
        {
            return;
        }
        var now = time.GetUtcNow();
        if (state.State.PasswordReset is { } pending && now - pending.IssuedAt < ResetRequestInterval)
        {
            return;
        }
        var secret = SecureTokens.NewSecret();
        state.State.PasswordReset = new PendingPasswordReset(SecureTokens.Hash(secret), now, now + request.Lifetime);
        await state.WriteStateAsync();

        var link = $"{request.ResetPageUrl}?token={Uri.EscapeDataString($"{UserId}.{secret}")}";
        // Through the outbox: stored before this returns, retried if the mail server is down, sent whatever the preferences.
        await GrainFactory.GetGrain<IMailerGrain>(0).SendPasswordResetAsync(
            new EmailRecipient(UserId, profile.Email, profile.DisplayName), link, (int)request.Lifetime.TotalMinutes, now.UtcTicks.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<bool> ResetPasswordAsync(string resetSecret, string newPasswordHash)
    {
        var pending = state.State.PasswordReset;
        if (state.State.Profile is null || pending is null
            || pending.ExpiresAt <= time.GetUtcNow()
            || !SecureTokens.Matches(resetSecret, pending.SecretHash))
        {
            return false;
        }
        state.State.PasswordHash = newPasswordHash;
        state.State.PasswordReset = null;
        // Whoever knew the old password may hold a session: end them all.
        state.State.Sessions.Clear();
        await state.WriteStateAsync();
        await SessionsEndedAsync();
        return true;
    }

    /// <summary>The admins' user search reads the directory, so it gets every change of name, email or roles.</summary>
    private async Task ListInDirectoryAsync()
    {
        var profile = state.State.Profile!;
        await GrainFactory.GetGrain<IUserDirectoryShardGrain>(IUserDirectoryShardGrain.ShardOf(UserId)).UpsertAsync(profile);
        if (!state.State.InDirectory)
        {
            state.State.InDirectory = true;
            await state.WriteStateAsync();
        }
    }

    public async Task<bool> ChangePasswordAsync(string currentHash, string newPasswordHash, string keepSessionId)
    {
        if (state.State.Profile is null || state.State.PasswordHash != currentHash)
        {
            return false;
        }
        state.State.PasswordHash = newPasswordHash;
        state.State.PasswordReset = null;
        state.State.Sessions.RemoveAll(session => session.SessionId != keepSessionId);
        await state.WriteStateAsync();
        await SessionsEndedAsync();
        return true;
    }

    private Task SessionsEndedAsync() =>
        TellLiveConnectionsAsync(new SessionsEnded(DomainEventPublisher.NewEventId(), time.GetUtcNow(), "", UserId,
            [.. state.State.Sessions.Select(session => session.SessionId)]));

    /// <summary>
    /// Not kept for a retry like domain events: the change is stored already and every hub call re-reads it, so a
    /// signal lost with a silo only leaves a connection open until its next call or its token expires, as before.
    /// </summary>
    private async Task TellLiveConnectionsAsync(DomainEvent change)
    {
        try
        {
            await this.PublishToUserAsync(change);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not tell live connections of user {UserId} about {Change}", UserId, change.GetType().Name);
        }
    }

    private UserProfile RequireProfile() =>
        state.State.Profile ?? throw DomainException.NotFound($"User {UserId}");
}
