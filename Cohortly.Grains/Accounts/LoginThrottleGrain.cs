using Cohortly.Common;
using Microsoft.Extensions.Options;

namespace Cohortly.Accounts;

/// <summary>
/// Five free attempts per address in a quarter of an hour, then a lock-out (<see cref="LoginThrottleOptions"/>: 30 s
/// first) that doubles with each further attempt up to fifteen minutes; a successful login forgives them all. Every attempt is reserved (and stored) before the password
/// is hashed: 50 parallel wrong passwords used to all pass a check made before hashing and recorded after. Stored, a
/// restart or a move to another silo forgives nothing.
/// </summary>
[CollectionAgeLimit(Minutes = 30)]
[GrainType("loginthrottle")]
public sealed class LoginThrottleGrain(
    [PersistentState("login-throttle", StorageNames.Cohortly)] IPersistentState<LoginThrottleState> state,
    TimeProvider time,
    IOptions<LoginThrottleOptions> options) : Grain, ILoginThrottleGrain
{
    private const int FreeAttempts = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public async Task<TimeSpan?> ReserveAsync()
    {
        var now = time.GetUtcNow();
        var current = state.State;
        if (current.LockedUntil > now)
        {
            return current.LockedUntil - now;
        }
        if (now - current.WindowStart > Window)
        {
            current.Attempts = 0;
            current.WindowStart = now;
        }
        current.Attempts++;
        if (current.Attempts >= FreeAttempts)
        {
            // The attempt that reaches the limit still goes ahead; the ones after it wait.
            var doublings = Math.Min(current.Attempts - FreeAttempts, 10);
            var lockout = options.Value;
            current.LockedUntil = now + TimeSpan.FromTicks(Math.Min(lockout.First.Ticks << doublings, lockout.Longest.Ticks));
        }
        await state.WriteStateAsync();
        return null;
    }

    public async Task RecordSuccessAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        state.State = new LoginThrottleState();
    }
}

[GenerateSerializer, Alias("cohortly.accounts.login-throttle-state")]
public sealed class LoginThrottleState
{
    /// <summary>Attempts in the current window, each counted as a failure until a success clears the record.</summary>
    [Id(0)] public int Attempts { get; set; }
    [Id(1)] public DateTimeOffset WindowStart { get; set; }
    [Id(2)] public DateTimeOffset LockedUntil { get; set; }
}
